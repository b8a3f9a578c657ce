"""The build engine: the list of stages, reuse of earlier work, worker processes, writing the output."""
