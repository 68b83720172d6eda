"""A stdio MCP server written on raw JSON-RPC, for behaviour the `mcp` server API hides.

``python raw_server.py initialize`` never answers ``initialize``;
``python raw_server.py tools/list`` initializes, then never answers
``tools/list`` (it answers ``ping`` and keeps reading, so only that request
hangs), as a wedged server does. ``python raw_server.py pages`` answers
``resources/list`` and ``resources/templates/list`` in two pages (cursor
``"page-2"``). It speaks newline-delimited JSON-RPC on stdin/stdout, the stdio
transport of MCP, and exits when stdin closes.
"""

from __future__ import annotations

import json
import sys

HANG_AT = sys.argv[1] if len(sys.argv) > 1 else "initialize"


def answer(request_id: object, result: dict[str, object]) -> None:
    sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": request_id, "result": result}) + "\n")
    sys.stdout.flush()


def main() -> None:
    for line in sys.stdin:
        message = json.loads(line)
        method = message.get("method")
        if "id" not in message or method == HANG_AT:
            continue  # a notification, or the request this server hangs at
        if method == "initialize":
            answer(
                message["id"],
                {
                    "protocolVersion": message["params"]["protocolVersion"],
                    "capabilities": {"tools": {}, "resources": {}},
                    "serverInfo": {"name": "hang", "version": "1"},
                },
            )
        elif method == "tools/list":
            answer(message["id"], {"tools": []})
        elif method in ("resources/list", "resources/templates/list"):
            cursor = (message.get("params") or {}).get("cursor")
            page = 2 if cursor == "page-2" else 1
            if method == "resources/list":
                result: dict[str, object] = {
                    "resources": [{"uri": f"notes://{page}", "name": f"page {page}"}]
                }
            else:
                result = {
                    "resourceTemplates": [{"uriTemplate": f"notes://{page}/{{id}}", "name": "t"}]
                }
            if page == 1:
                result["nextCursor"] = "page-2"
            answer(message["id"], result)
        else:
            answer(message["id"], {})


if __name__ == "__main__":
    main()
