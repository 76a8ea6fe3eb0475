"""Sign in at the door: the server, not a kernel, checks who is at the door.

- `pages`: the server-rendered sign-in, "panel is full" and signed-out pages (plain HTML, no script);
- `throttle`: growing waits per browser and per client address, applied before a guess is checked;
- `sessions`: server-side sessions, which kernel belongs to which session, and the kernel caps;
- `claim`: how a pre-started kernel learns whose it is (a file the server writes, never the browser);
- `kernels`: how kernels are started (below the server's CPU priority);
- `folders`: the server's private temporary folder, removed on exit and swept when its server died;
- `handlers`: the tornado handlers that put these in front of Voilà (imported only by serve).
"""
