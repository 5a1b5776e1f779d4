"""Test support: kernel leak snapshots (leaks), network namespaces with veth pairs
(netns), and the pytest fixtures built on them (fixtures).
"""
