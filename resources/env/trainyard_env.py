#!/usr/bin/env python3
"""trainyard_env.py: builds, reuses, describes and removes run environments on the machine a run executes on.

Protocol: one JSON request on stdin; log lines on stdout; the last line is "@@trainyard-env " + a JSON reply.
Commands: ensure, describe, remove, list (see the project's docs/ARCHITECTURE.md, "Environments").
"""
import json
import sys

REPLY_MARK = "@@trainyard-env "


def reply(obj):
    sys.stdout.write(REPLY_MARK + json.dumps(obj, separators=(",", ":")) + "\n")
    sys.stdout.flush()
    return 0 if obj.get("ok") else 1


def main():
    try:
        request = json.loads(sys.stdin.read())
    except ValueError as e:
        return reply({"ok": False, "error": "the request is not JSON: %s" % e})
    return reply({"ok": False, "error": "command %r is not implemented yet" % request.get("command")})


if __name__ == "__main__":
    sys.exit(main())
