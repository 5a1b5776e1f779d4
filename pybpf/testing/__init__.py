"""Test support: kernel leak snapshots, feature gates, (later) netns/veth fixtures."""
