#!/usr/bin/env python3
"""An independent LLM load client: the official `openai` Python SDK streaming against an
OpenAI-compatible endpoint (an emulated sonde provider, or any server), open loop.

Requests start at the intended times of a seeded arrival schedule (constant gaps of 1/rate, or
Poisson gaps drawn from --seed), each in its own asyncio task, whether or not earlier ones have
finished (as vLLM's serving benchmark does). Every streamed chunk is timestamped on arrival:
TTFT is the time from the request's hand-over to the HTTP transport to its first content chunk, ITL the gaps
between consecutive content chunks (pooled over requests), TPOT the mean gap of one request
((last - first) / (chunks - 1)). Chunks are timestamped as their event lines arrive, before
parsing (`--chunks sdk` times the SDK's parsed chunk objects instead: on a busy machine its
per-chunk model building adds milliseconds). Prints one JSON object with medians and p90s in milliseconds.

Install the SDK with `scripts/install-deps.sh --pip openai`. Example:

    scripts/llm-client.py --base-url http://127.0.0.1:PORT/v1 --rate 5 --requests 100 \
        --prompt-tokens 256 --max-tokens 64 --seed 7
"""

import argparse
import asyncio
import contextvars
import json
import random
import statistics
import sys
import time

try:
    import openai
    try:  # the HTTP library under the SDK: httpx, or its fork httpx2 in newer releases
        import httpx2 as httpx
    except ImportError:
        import httpx
except ImportError:  # pragma: no cover - told to the user, not a test path
    sys.exit("llm-client.py needs the openai package: scripts/install-deps.sh --pip openai")

# When the current task's request was handed to the HTTP transport: set by an httpx event hook,
# so that TTFT starts where a libcurl client's would (connection set-up included), not before
# the SDK's own request building, which costs milliseconds of Python on a busy machine.
SENT = contextvars.ContextVar("sent")


async def mark_sent(request):
    """Timestamps the request when the transport starts on it: at the TCP connect of a new
    connection, else at the first byte of its headers (httpcore's trace events)."""
    sent = SENT.get()

    async def trace(name, info):
        if name == "http11.send_request_body.complete":
            sent["at"] = time.monotonic()

    sent.pop("at", None)
    request.extensions["trace"] = trace

WORDS = ["the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "was", "with", "be", "by",
         "on", "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an"]


def arrival_offsets(count, rate, arrivals, seed):
    """Intended start offsets in seconds: constant gaps of 1/rate, or seeded exponential gaps."""
    if arrivals == "constant":
        return [index / rate for index in range(count)]
    generator = random.Random(seed)
    offsets, now = [], 0.0
    for _ in range(count):
        offsets.append(now)
        now += generator.expovariate(rate)
    return offsets


def prompt(words, seed, sequence):
    """`words` common English words, a function of the seed and the request's sequence."""
    generator = random.Random(seed * 1_000_003 + sequence)
    return " ".join(generator.choice(WORDS) for _ in range(words))


def percentile(values, share):
    """Linear interpolation between order statistics (numpy's default, Hyndman-Fan type 7)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


async def one_request(client, args, sequence, start_at, results):
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    sent = {"at": time.monotonic()}
    SENT.set(sent)
    record = {"sequence": sequence, "intended_lag_s": sent["at"] - start_at, "chunks": [], "error": None}
    arrivals = []
    try:
        api = client.chat.completions if args.api == "chat" else client.completions
        body = dict(model=args.model, max_tokens=args.max_tokens, stream=True, stream_options={"include_usage": True})
        text = prompt(args.prompt_tokens, args.seed, sequence)
        body.update(messages=[{"role": "user", "content": text}] if args.api == "chat" else {"prompt": text})
        if args.chunks == "sdk":
            async for chunk in await api.create(**body):
                arrived = time.monotonic()
                if chunk.choices and (chunk.choices[0].delta.content if args.api == "chat" else chunk.choices[0].text):
                    arrivals.append(arrived)
        else:
            # The SDK sends the request; each event line is timestamped as it arrives, before any
            # parsing, so that the SDK's per-chunk model building does not count as latency.
            async with api.with_streaming_response.create(**body) as response:
                async for line in response.iter_lines():
                    arrived = time.monotonic()
                    if not line.startswith("data: ") or line == "data: [DONE]":
                        continue
                    event = json.loads(line[len("data: "):])
                    choices = event.get("choices") or [{}]
                    content = choices[0].get("delta", {}).get("content") if args.api == "chat" else choices[0].get("text")
                    if content:
                        arrivals.append(arrived)
        record["chunks"] = [at - sent["at"] for at in arrivals]
        record["intended_lag_s"] = sent["at"] - start_at
    except openai.APIStatusError as error:
        record["error"] = f"http_{error.status_code}"
    except (openai.APIConnectionError, openai.APITimeoutError) as error:
        record["error"] = type(error).__name__
    results.append(record)


def summarise(results, elapsed, args):
    ok = [r for r in results if r["error"] is None and r["chunks"]]
    ttft = [r["chunks"][0] * 1000 for r in ok]
    itl = [(b - a) * 1000 for r in ok for a, b in zip(r["chunks"], r["chunks"][1:])]
    tpot = [(r["chunks"][-1] - r["chunks"][0]) * 1000 / (len(r["chunks"]) - 1) for r in ok if len(r["chunks"]) > 1]
    errors = {}
    for r in results:
        if r["error"] is not None:
            errors[r["error"]] = errors.get(r["error"], 0) + 1

    def stats(values):
        if not values:
            return None
        return {"median": statistics.median(values), "p90": percentile(values, 0.9), "n": len(values)}

    return {
        "client": f"openai-python {openai.__version__}", "chunks": args.chunks,
        "requests": len(results), "succeeded": len(ok), "errors": errors,
        "offered_rate": args.rate, "arrivals": args.arrivals, "seed": args.seed,
        "achieved_rate": len(results) / elapsed if elapsed > 0 else None,
        "ttft_ms": stats(ttft), "itl_ms": stats(itl), "tpot_ms": stats(tpot),
        # How late requests reached the transport after their intended start: large values mean
        # this client could not keep the schedule and its figures are not comparable.
        "max_start_lag_ms": max((r["intended_lag_s"] for r in results), default=0) * 1000,
    }


async def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:PORT/v1")
    parser.add_argument("--rate", type=float, required=True, help="requests started per second")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--arrivals", choices=["constant", "poisson"], default="constant")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--prompt-tokens", type=int, default=256)
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("--model", default="default")
    parser.add_argument("--api", choices=["chat", "completions"], default="chat")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--warmup", type=int, choices=[0, 1], default=1,
                        help="send one 1-token request before the schedule starts (default 1)")
    parser.add_argument("--per-request", action="store_true", help="add every request's TTFT (ms, by sequence)")
    parser.add_argument("--chunks", choices=["raw", "sdk"], default="raw",
                        help="timestamp raw event lines (default) or the SDK's parsed chunk objects")
    args = parser.parse_args()
    if args.rate <= 0 or args.requests <= 0:
        parser.error("--rate and --requests must be above 0")

    http = httpx.AsyncClient(timeout=args.timeout, event_hooks={"request": [mark_sent]},
                             limits=httpx.Limits(max_connections=10_000, max_keepalive_connections=1_000))
    client = openai.AsyncOpenAI(base_url=args.base_url, api_key="sk-emulated", max_retries=0, timeout=args.timeout,
                                http_client=http)
    offsets = arrival_offsets(args.requests, args.rate, args.arrivals, args.seed)
    if args.warmup:
        # The SDK's first request costs hundreds of milliseconds of Python (lazy imports, model
        # classes, the connection pool) on a busy machine; without this, the first few scheduled
        # requests leave together, late, and queue behind each other. One short request, finished
        # before the schedule starts, leaves the server idle again.
        warm = args.__class__(**{**vars(args), "max_tokens": 1})
        await one_request(client, warm, -1, time.monotonic(), [])
    results = []
    origin = time.monotonic() + 0.05
    await asyncio.gather(*(one_request(client, args, i, origin + offset, results) for i, offset in enumerate(offsets)))
    elapsed = time.monotonic() - origin
    await client.close()
    summary = summarise(results, elapsed, args)
    if args.per_request:
        summary["ttft_ms_by_sequence"] = [r["chunks"][0] * 1000 if r["chunks"] else None
                                          for r in sorted(results, key=lambda r: r["sequence"])]
    print(json.dumps(summary, sort_keys=True))


if __name__ == "__main__":
    asyncio.run(main())
