#!/usr/bin/env python3
"""An independent LLM load client: the official `openai` Python SDK streaming against an
OpenAI-compatible endpoint (an emulated sonde provider, or any server), open loop.

Requests start at the intended times of a seeded arrival schedule (constant gaps of 1/rate, or
Poisson gaps drawn from --seed), each in its own asyncio task, whether or not earlier ones have
finished (as vLLM's serving benchmark does). Every streamed chunk is timestamped on arrival:
TTFT is the time from the request's actual start to its first content chunk, ITL the gaps
between consecutive content chunks (pooled over requests), TPOT the mean gap of one request
((last - first) / (chunks - 1)). Prints one JSON object with medians and p90s in milliseconds.

Install the SDK with `scripts/install-deps.sh --pip openai`. Example:

    scripts/llm-client.py --base-url http://127.0.0.1:PORT/v1 --rate 5 --requests 100 \
        --prompt-tokens 256 --max-tokens 64 --seed 7
"""

import argparse
import asyncio
import json
import random
import statistics
import sys
import time

try:
    import openai
except ImportError:  # pragma: no cover - told to the user, not a test path
    sys.exit("llm-client.py needs the openai package: scripts/install-deps.sh --pip openai")

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
    started = time.monotonic()
    record = {"sequence": sequence, "intended_lag_s": started - start_at, "chunks": [], "error": None}
    try:
        if args.api == "chat":
            stream = await client.chat.completions.create(
                model=args.model, messages=[{"role": "user", "content": prompt(args.prompt_tokens, args.seed, sequence)}],
                max_tokens=args.max_tokens, stream=True, stream_options={"include_usage": True})
        else:
            stream = await client.completions.create(
                model=args.model, prompt=prompt(args.prompt_tokens, args.seed, sequence),
                max_tokens=args.max_tokens, stream=True, stream_options={"include_usage": True})
        async for chunk in stream:
            arrived = time.monotonic()
            if not chunk.choices:
                continue
            choice = chunk.choices[0]
            text = choice.delta.content if args.api == "chat" else choice.text
            if text:
                record["chunks"].append(arrived - started)
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
        "client": f"openai-python {openai.__version__}",
        "requests": len(results), "succeeded": len(ok), "errors": errors,
        "offered_rate": args.rate, "arrivals": args.arrivals, "seed": args.seed,
        "achieved_rate": len(results) / elapsed if elapsed > 0 else None,
        "ttft_ms": stats(ttft), "itl_ms": stats(itl), "tpot_ms": stats(tpot),
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
    args = parser.parse_args()
    if args.rate <= 0 or args.requests <= 0:
        parser.error("--rate and --requests must be above 0")

    client = openai.AsyncOpenAI(base_url=args.base_url, api_key="sk-emulated", max_retries=0, timeout=args.timeout)
    offsets = arrival_offsets(args.requests, args.rate, args.arrivals, args.seed)
    results = []
    origin = time.monotonic() + 0.05
    await asyncio.gather(*(one_request(client, args, i, origin + offset, results) for i, offset in enumerate(offsets)))
    elapsed = time.monotonic() - origin
    await client.close()
    print(json.dumps(summarise(results, elapsed, args), sort_keys=True))


if __name__ == "__main__":
    asyncio.run(main())
