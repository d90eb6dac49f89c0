"""A worker in a process of its own, for the crash and SIGTERM tests.

usage: worker_process.py URL KEY TYPE CONCURRENCY PREFETCH LEASE_SECONDS HOLD_SECONDS
Each handler prints ``started <id>``, holds the task HOLD_SECONDS and returns ``{"pid": <pid>}``; at the end the
process prints ``stopped clean=<bool> released=<n>``.
"""

import asyncio
import os
import sys

from taskledger import Client, TaskContext, Worker

url, key, task_type, concurrency, prefetch, lease, hold = sys.argv[1:8]


async def handler(task: TaskContext) -> dict:
    print(f"started {task.id}", flush=True)
    await asyncio.sleep(float(hold))
    return {"pid": os.getpid()}


worker = Worker(Client(url, api_key=key), [task_type], handler, concurrency=int(concurrency), prefetch=int(prefetch),
                lease_seconds=int(lease), poll_wait=1, shutdown_timeout=15)
clean = worker.run_forever()
print(f"stopped clean={clean} released={worker.stats().tasks_released}", flush=True)
