#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal and answers its prompts.

argv[1] is JSON: {"cmd": [...], "cwd": "...", "env": {...}, "steps": [[expect, send], ...], "timeout": s}
Each step waits until `expect` appears in the output seen since the previous step, then writes
`send`. Matching ignores ANSI codes and all whitespace, because prompts wrap at the terminal width.
Prints one JSON object: exit code, the step that never matched (or null), and the transcript.
"""
import fcntl, json, os, pty, re, select, signal, struct, subprocess, sys, termios, time

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")
SPACE = re.compile(r"\s+")


def main():
    spec = json.loads(sys.argv[1])
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    proc = subprocess.Popen(spec["cmd"], cwd=spec["cwd"], env=spec["env"], stdin=slave, stdout=slave,
                            stderr=slave, close_fds=True, start_new_session=True)
    os.close(slave)
    raw = bytearray()
    open_ = True

    def pump(wait):
        """Reads what is there within `wait` seconds; False once the terminal is closed."""
        nonlocal open_
        if not open_:
            return
        r, _, _ = select.select([master], [], [], wait)
        if not r:
            return
        try:
            data = os.read(master, 65536)
        except OSError:
            data = b""
        if data:
            raw.extend(data)
        else:
            open_ = False

    def compact():
        return SPACE.sub("", ANSI.sub("", raw.decode("utf8", "replace")))

    deadline = time.time() + spec.get("timeout", 20)
    seen_from = 0
    failed = None
    for expect, send in spec["steps"]:
        want = SPACE.sub("", expect)
        while True:
            idx = compact().find(want, seen_from)
            if idx >= 0:
                seen_from = idx + len(want)
                break
            if time.time() > deadline or not open_:
                failed = expect
                break
            pump(0.1)
        if failed is not None:
            break
        time.sleep(0.05)
        os.write(master, send.encode("utf8"))

    end = time.time() + (2 if failed is not None else 10)
    while proc.poll() is None and time.time() < end:
        pump(0.1)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    while open_:
        pump(0.05)
        if not select.select([master], [], [], 0)[0]:
            break
    os.close(master)
    print(json.dumps({"code": proc.returncode, "failedAt": failed,
                      "transcript": ANSI.sub("", raw.decode("utf8", "replace"))}))


main()
