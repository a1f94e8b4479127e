"""The batch build: every document of a workspace, as a CI pipeline needs it — incremental, parallel,
shardable, safe to kill (docs/build.md). One module per concern; none imports generator.api or the CLI:

* ``run``: the entry points — :func:`~generator.batch.run.build` (plan, render the stale documents,
  publish them all or nothing) and :func:`~generator.batch.run.merge` (join the output folders of shards);
* ``plan``: what a document depends on (content hashes, the toolchain, its declared inputs, the document
  date), why it is stale, and which shard it belongs to;
* ``manifest``: output/manifest.json — its record of each document, read and checked whole (it is input,
  not trusted), written;
* ``workers``: the worker processes that render stale documents into the staging folder, progress, and
  Ctrl-C / SIGTERM noted and acted on between documents;
* ``report``: what happened to each document and to the run (``--report`` JSON);
* ``lock``: one build per output folder at a time;
* ``publish``: the staging folder, atomic writes and the all-or-nothing publish into output/.
"""
