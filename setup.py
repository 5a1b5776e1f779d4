"""Only here to hand cffi's builder to setuptools; metadata lives in setup.cfg."""
from setuptools import setup

setup(cffi_modules=["pybpf/_libbpf/build.py:ffibuilder"])
