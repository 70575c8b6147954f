#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal and answers its prompts.

argv[1] is JSON: {"cmd": [...], "cwd": "...", "env": {...}, "steps": [[expect, send], ...], "timeout": s}
Each step waits until `expect` (plain text) appears in the ANSI-stripped output seen since the
previous step, then writes `send`. Prints a JSON result: exit code and the transcript.
"""
import json, os, pty, re, select, subprocess, sys, time

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")

def main():
    spec = json.loads(sys.argv[1])
    master, slave = pty.openpty()
    proc = subprocess.Popen(spec["cmd"], cwd=spec["cwd"], env=spec["env"], stdin=slave, stdout=slave, stderr=slave, close_fds=True, start_new_session=True)
    os.close(slave)
    raw = b""
    seen_from = 0
    deadline = time.time() + spec.get("timeout", 20)
    failed = None

    def pump(wait):
        nonlocal raw
        r, _, _ = select.select([master], [], [], wait)
        if r:
            try:
                data = os.read(master, 65536)
            except OSError:
                return False
            if not data:
                return False
            raw += data
        return True

    for expect, send in spec["steps"]:
        while True:
            text = ANSI.sub("", raw.decode("utf8", "replace"))
            idx = text.find(expect, seen_from)
            if idx >= 0:
                seen_from = idx + len(expect)
                break
            if time.time() > deadline or proc.poll() is not None and not pump(0.05):
                failed = expect
                break
            pump(0.1)
        if failed:
            break
        time.sleep(0.05)
        os.write(master, send.encode("utf8"))

    end = time.time() + 10
    while proc.poll() is None and time.time() < end:
        pump(0.1)
    while pump(0.05):
        pass
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    print(json.dumps({"code": proc.returncode, "failedAt": failed, "transcript": ANSI.sub("", raw.decode("utf8", "replace"))}))

main()
