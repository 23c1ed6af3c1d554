"""httpx-sse with httpx: the library parses a stream and has no reconnection of its own, so this program adds the
loop its README suggests: reconnect after the server's retry (3 s by default) with the last id in Last-Event-ID, and
stop for good on a 4xx."""
import importlib.metadata
import json
import signal
import sys
import time

import httpx
from httpx_sse import connect_sse


def out(line):
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()


def main():
    url, types = sys.argv[1], set(sys.argv[2].split(","))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    out({"t": "client", "name": "httpx-sse", "version": importlib.metadata.version("httpx-sse")})
    last_id, delay = None, 3.0
    with httpx.Client(timeout=httpx.Timeout(5.0, read=None)) as client:
        while True:
            headers = {"Last-Event-ID": last_id} if last_id else {}
            try:
                with connect_sse(client, "GET", url, headers=headers) as source:
                    status = source.response.status_code
                    if status != 200:
                        out({"t": "error", "status": status})
                        if 400 <= status < 500:
                            out({"t": "closed"})
                            return
                    else:
                        out({"t": "open", "status": status})
                        for event in source.iter_sse():
                            if event.id:
                                last_id = event.id
                            if event.retry is not None:
                                delay = event.retry / 1000
                            if event.event in types:
                                out({"t": "event", "type": event.event, "id": event.id, "data": event.data})
                        out({"t": "error", "status": None, "message": "stream ended"})
            except httpx.HTTPError as error:
                out({"t": "error", "status": None, "message": type(error).__name__})
            time.sleep(delay)


main()
