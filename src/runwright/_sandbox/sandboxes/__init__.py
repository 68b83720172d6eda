"""Sandbox clients: the bubblewrap-confined local client and its limits."""
