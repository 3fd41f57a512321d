"""The demo's dependency: answers GET /item with a small JSON body after a short, steady service time."""
import http.server
import json
import os
import time

PORT = int(os.environ.get("PORT", "8081"))
SERVICE_MS = float(os.environ.get("SERVICE_MS", "2"))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        time.sleep(SERVICE_MS / 1000.0)
        body = json.dumps({"item": self.path, "at": time.time()}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = http.server.ThreadingHTTPServer(("0.0.0.0", PORT), Handler)
    server.daemon_threads = True
    print(f"dependency listening on :{PORT}", flush=True)
    server.serve_forever()
