"""SHA-256 for cache keys without loading OpenSSL (hashlib's _hashlib costs ~3 ms to import)."""
try:
    from _sha2 import sha256  # Python >= 3.12
except ImportError:
    try:
        from _sha256 import sha256  # Python <= 3.11
    except ImportError:  # pragma: no cover - a build without the builtin module
        from hashlib import sha256

__all__ = ["sha256"]
