# Save-to-reload latency of `blomma serve`.
# usage: python3 benches/serve_latency.py ROOT PORT CONTENT_FILE [body|title]
#   body  (default): appends a line to the file's body (only its own page changes);
#   title: rewrites its `title:` line (the pages that list or link to it change too).
import http.client, subprocess, sys, time, os
root, port, target = sys.argv[1], sys.argv[2], sys.argv[3]
mode = sys.argv[4] if len(sys.argv) > 4 else "body"
p = subprocess.Popen([os.environ.get("BLOMMA", "target/release/blomma"), "serve", "--root", root, "--port", port], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
for line in p.stdout:
    if "Press Ctrl-C" in line: break
conn = http.client.HTTPConnection("127.0.0.1", int(port))
conn.request("GET", "/__blomma/events")
r = conn.getresponse()
path = os.path.join(root, target)
original = open(path).read()
times = []
try:
    for i in range(5):
        time.sleep(1.5)
        if mode == "title":
            text = "\n".join(f"title: Ändrad titel {i}" if l.startswith("title:") else l for l in original.split("\n"))
        else:
            text = open(path).read() + f"\nRad {i}.\n"
        t0 = time.time()
        with open(path, "w") as f: f.write(text)
        while True:
            line = r.fp.readline().decode()
            if line.startswith("event: reload") or line.startswith("event: css"):
                times.append((time.time() - t0) * 1000); break
finally:
    open(path, "w").write(original)
print(f"save-to-reload ms ({mode}):", ", ".join(f"{t:.0f}" for t in times))
p.terminate(); p.wait()
