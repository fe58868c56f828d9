"""The e-mail queue, worked through in the test's own process and transaction.

The tasks run exactly as `manage.py db_worker` runs them (its Worker.run_task): claimed from the
database, then executed. Only the worker's polling loop is left out, because it closes the
database connection between tasks, which would end the test's transaction.
"""

from django.core import mail
from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

WORKER = Worker(
    queue_names=["*"],
    interval=0,
    batch=True,
    backend_name="default",
    startup_delay=False,
    max_tasks=None,
    worker_id="tests",
    excluded_queue_names=[],
)


def deliver_queued_mail() -> list:
    """Run every task waiting in the queue, oldest first; return the locmem outbox."""
    while True:
        with transaction.atomic():
            task = DBTaskResult.objects.ready().get_locked()
            if task is None:
                return mail.outbox
            task.claim(WORKER.worker_id)
        WORKER.run_task(task)


def queued_tasks() -> list[str]:
    """The names of the tasks waiting to run, oldest first."""
    ready = DBTaskResult.objects.ready().order_by("enqueued_at")
    return [path.rsplit(".", 1)[-1] for path in ready.values_list("task_path", flat=True)]
