"""The object cache's trust rules, keys and dependency checks (no root, no kernel)."""
import os
import stat

import pytest

from pybpf.compile import cachedir
from pybpf.compile.objcache import ObjectCache, cache_key
from pybpf.compile.driver import _parse_deps


def test_cache_key_changes_with_every_part():
    base = cache_key("clang:1", "kernel", "-O2", "src")
    assert cache_key("clang:2", "kernel", "-O2", "src") != base
    assert cache_key("clang:1", "kernel2", "-O2", "src") != base
    assert cache_key("clang:1", "kernel", "-O1", "src") != base
    assert cache_key("clang:1", "kernel", "-O2", "src ") != base
    # parts are delimited: moving text between parts changes the key
    assert cache_key("ab", "c") != cache_key("a", "bc")


def test_private_dir_is_trusted(tmp_path):
    d = tmp_path / "cache"
    d.mkdir(mode=0o700)
    os.chmod(tmp_path, 0o755)
    assert cachedir.untrusted_reason(str(d)) is None


@pytest.mark.parametrize("mode", [0o770, 0o707, 0o777, 0o750])
def test_group_or_other_access_is_refused(tmp_path, mode):
    d = tmp_path / "cache"
    d.mkdir()
    os.chmod(d, mode)
    assert "mode" in cachedir.untrusted_reason(str(d))


def test_world_writable_parent_without_sticky_bit_is_refused(tmp_path):
    parent = tmp_path / "shared"
    parent.mkdir()
    os.chmod(parent, 0o777)
    d = parent / "cache"
    d.mkdir(mode=0o700)
    assert "parent directory" in cachedir.untrusted_reason(str(d))
    os.chmod(parent, 0o777 | stat.S_ISVTX)   # like /tmp: others cannot replace our entry
    assert cachedir.untrusted_reason(str(d)) is None


def test_symlink_is_refused(tmp_path):
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(real)
    assert "not a directory" in cachedir.untrusted_reason(str(link))


def test_untrusted_root_disables_the_cache_and_says_so(tmp_path, capsys):
    d = tmp_path / "open"
    d.mkdir()
    os.chmod(d, 0o777)
    cachedir.trusted_cache_dir.cache_clear()
    try:
        assert cachedir.trusted_cache_dir(str(d)) is None
    finally:
        cachedir.trusted_cache_dir.cache_clear()
    assert "not using the compile cache" in capsys.readouterr().err


def test_cache_roundtrip_and_dependency_invalidation(tmp_path):
    root = tmp_path / "c"
    root.mkdir(mode=0o700)
    header = tmp_path / "local.h"
    header.write_text("#define X 1\n")
    cache = ObjectCache(str(root))
    cache.put("k1", b"ELF-bytes", [str(header)])
    assert cache.get("k1") == b"ELF-bytes"
    header.write_text("#define X 22\n")   # a header the program includes changed
    assert cache.get("k1") is None
    assert cache.get("missing") is None
    mode = stat.S_IMODE(os.stat(root / "objects" / "k1.o").st_mode)
    assert mode & 0o077 == 0


def test_disabled_cache_stores_nothing():
    cache = ObjectCache(None)
    cache.put("k", b"x", [])
    assert cache.get("k") is None


def test_atomic_write_leaves_no_temp_files(tmp_path):
    target = tmp_path / "f"
    cachedir.atomic_write(str(target), b"one")
    cachedir.atomic_write(str(target), b"two")
    assert target.read_bytes() == b"two"
    assert os.listdir(tmp_path) == ["f"]


def test_depfile_parsing_handles_continuations_and_spaces():
    text = "out.o: - /a/b.h \\\n  /c/with\\ space.h /d.h\n"
    assert _parse_deps(text) == ["-", "/a/b.h", "/c/with space.h", "/d.h"]
