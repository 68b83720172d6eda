"""Sandboxed workspaces: SandboxAgent, manifests, capabilities and the confined local client."""
