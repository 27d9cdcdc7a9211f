#!/usr/bin/env python3
"""A TCP proxy that adds a fixed one-way delay, to give the loopback sshd a network's round-trip time.

    delay_proxy.py --target 127.0.0.1:2222 --listen-base 41000 --count 500 --delay-ms 10

listens on 127.0.0.1:41000..41499 and forwards every connection to the target; each chunk of bytes is held
for --delay-ms before it is passed on, in both directions, so a round trip costs 2 x delay-ms. Bandwidth is
not limited: the benchmark is about latency-bound SSH conversations, not bulk transfer. One port per node lets
every simulated node be a distinct host:port to the tools (own known_hosts entry, own connection).
Prints "READY" on stdout once every port listens. Loopback only.
"""
import argparse
import asyncio
import socket
import sys


async def pump(reader, writer, delay):
    # Chunks are released in arrival order, each no sooner than delay after it arrived: latency, not throttling.
    queue = asyncio.Queue()
    loop = asyncio.get_running_loop()

    async def release():
        while True:
            due, data = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if data is None:
                break
            writer.write(data)
            await writer.drain()
        try:
            writer.write_eof()
        except (OSError, RuntimeError):
            pass

    releaser = asyncio.ensure_future(release())
    try:
        while True:
            data = await reader.read(65536)
            queue.put_nowait((loop.time() + delay, data or None))
            if not data:
                break
        await releaser
    except (ConnectionError, OSError):
        releaser.cancel()


async def handle(client_reader, client_writer, target, delay):
    try:
        server_reader, server_writer = await asyncio.open_connection(*target)
    except OSError:
        client_writer.close()
        return
    for w in (client_writer, server_writer):
        w.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        await asyncio.gather(pump(client_reader, server_writer, delay), pump(server_reader, client_writer, delay))
    finally:
        for w in (client_writer, server_writer):
            w.close()


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True, help="host:port to forward to (loopback)")
    parser.add_argument("--listen-base", type=int, required=True)
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--delay-ms", type=float, default=10.0)
    args = parser.parse_args()
    host, port = args.target.rsplit(":", 1)
    if not host.startswith("127."):
        sys.exit("delay_proxy: loopback targets only")
    target = (host, int(port))
    delay = args.delay_ms / 1000.0
    servers = []
    for i in range(args.count):
        servers.append(await asyncio.start_server(
            lambda r, w: handle(r, w, target, delay), "127.0.0.1", args.listen_base + i, backlog=1024))
    print("READY", flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
