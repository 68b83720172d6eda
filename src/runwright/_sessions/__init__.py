"""Conversation memory: the Session port, its backends, and history compaction."""
