"""Symbols: library and executable lookup, kernel and user symbols, syscall names."""
