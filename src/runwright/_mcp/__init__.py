"""MCP servers as tool sources: connection, listing, calls, filters, approvals."""
