# Save-to-reload latency of `blomma serve`: usage: python3 benches/serve_latency.py ROOT PORT CONTENT_FILE
import http.client, subprocess, sys, time, threading, os
root, port = sys.argv[1], sys.argv[2]
target = sys.argv[3]
p = subprocess.Popen([os.environ.get("BLOMMA", "target/release/blomma"), "serve", "--root", root, "--port", port], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
for line in p.stdout:
    if "Press Ctrl-C" in line: break
conn = http.client.HTTPConnection("127.0.0.1", int(port))
conn.request("GET", "/__blomma/events")
r = conn.getresponse()
times = []
for i in range(5):
    time.sleep(1.0)
    t0 = time.time()
    with open(os.path.join(root, target), "a") as f: f.write(f"\nRad {i}.\n")
    while True:
        line = r.fp.readline().decode()
        if line.startswith("event: reload") or line.startswith("event: css"):
            times.append((time.time() - t0) * 1000); break
print("save-to-reload ms:", ", ".join(f"{t:.0f}" for t in times))
p.terminate(); p.wait()
