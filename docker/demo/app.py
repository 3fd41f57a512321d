"""The demo's application: GET / calls the dependency over HTTP and answers 200, or 502 when the call fails."""
import http.client
import http.server
import os

PORT = int(os.environ.get("PORT", "8080"))
DEPENDENCY = os.environ.get("DEPENDENCY", "dependency:8081")
TIMEOUT_S = float(os.environ.get("DEPENDENCY_TIMEOUT_S", "1.0"))


def call_dependency():
    host, port = DEPENDENCY.rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=TIMEOUT_S)
    try:
        conn.request("GET", "/item")
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        try:
            status, body = call_dependency()
            code = 200 if status == 200 else 502
        except OSError as error:
            code, body = 502, f'{{"error":"{type(error).__name__}"}}'.encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = http.server.ThreadingHTTPServer(("0.0.0.0", PORT), Handler)
    server.daemon_threads = True
    print(f"app listening on :{PORT}, dependency {DEPENDENCY}", flush=True)
    server.serve_forever()
