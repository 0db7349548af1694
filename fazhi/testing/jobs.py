"""Run what the pages put on the django-q2 queue, through django-q2's own code, in the test process.

``run_queued_tasks`` does what a cluster does: the pusher's ``broker.dequeue()`` and unsigning, the
worker's ``worker()`` (which imports and calls the task function), and the monitor's ``monitor()``
(which saves the result and acknowledges the task). Tests using it must be transactional
(``@pytest.mark.django_db(transaction=True)``): the worker closes old database connections, as it
does in production, which would break a test wrapped in one transaction.
"""

from __future__ import annotations

import queue
from multiprocessing import Value

from django_q.brokers import get_broker
from django_q.monitor import monitor
from django_q.signing import SignedPackage
from django_q.worker import worker


def run_queued_tasks() -> int:
    """Run every queued task once; returns how many ran."""
    broker = get_broker()
    tasks: queue.Queue = queue.Queue()
    results: queue.Queue = queue.Queue()
    count = 0
    while task_set := broker.dequeue():
        for ack_id, payload in task_set:
            task = SignedPackage.loads(payload)
            task["ack_id"] = ack_id
            tasks.put(task)
            count += 1
    tasks.put("STOP")
    worker(tasks, results, Value("f", -1))  # type: ignore[arg-type]
    results.put("STOP")
    monitor(results, broker)  # type: ignore[arg-type]
    return count
