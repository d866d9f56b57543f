"""``briefing serve``: a local review page for editors (the top layer; nothing imports it).

Editors drop .docx/.pdf/.html/.txt files on a page in their browser and see each
document with its figures highlighted and the findings beside it (the HTML report's
view, :mod:`briefing.rendering.report_html`), filter them, jump between them, and
download the review copy (.docx with Word comments) and the standardized briefing.

Built on Starlette (ASGI) served by uvicorn; both, and python-multipart, are the
optional extra ``briefing[serve]`` and are imported only when the command runs.

* :mod:`briefing.serve.app` — :func:`~briefing.serve.app.create_app`, the routes.
* :mod:`briefing.serve.uploads` — multipart uploads streamed into a session's folder,
  with limits on the size of each file, the number of files and the total.
* :mod:`briefing.serve.sessions` — one private temporary folder per upload, named by an
  unguessable id, removed when the session expires and when the server stops.
* :mod:`briefing.serve.work` — reading, checking and rendering, run off the event loop in
  worker processes, each file with a CPU-time budget.
* :mod:`briefing.serve.pages` — the pages (Chinese UI), with ``static/`` CSS and scripts.
* :mod:`briefing.serve.cli` — the command.
"""

from __future__ import annotations

#: distributions of the ``serve`` extra and the module each provides
REQUIREMENTS: tuple[tuple[str, str], ...] = (
    ("starlette", "starlette"),
    ("uvicorn", "uvicorn"),
    ("python_multipart", "python-multipart"),
)
