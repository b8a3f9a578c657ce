"""The worker pool (gwr.build.workers)."""
from gwr.build.workers import CHUNK_ITEMS, Workers


def test_small_items_go_in_chunks_no_larger_than_a_bound_whatever_the_corpus():
    workers = Workers(2)
    assert workers.chunk_size(list(range(5))) == 1
    assert workers.chunk_size(list(range(160))) == 10  # an eighth of a core's share
    assert workers.chunk_size(list(range(20_000))) == CHUNK_ITEMS  # not 1,250 parsed files in one message


def test_every_item_is_done_once_in_order_in_chunks():
    workers = Workers(2)
    try:
        assert workers.map(abs, list(range(-300, 0)), "test") == list(range(300, 0, -1))
        batch = workers.start(abs, list(range(-300, 0)), "test")
        assert [result for _, result in sorted(batch.rest())] == list(range(300, 0, -1))
    finally:
        workers.close()


def test_a_batch_gives_its_first_chunk_then_what_is_ready_then_the_rest_each_once():
    for jobs in (1, 2):
        workers = Workers(jobs)
        try:
            batch = workers.start(abs, list(range(-100, 0)), "test")
            taken = batch.first()
            assert taken and taken[0] == (0, 100)  # the first chunk, waited for
            taken += batch.ready() + list(batch.rest())
            assert sorted(taken) == list(enumerate(range(100, 0, -1)))
            assert batch.first() == []
        finally:
            workers.close()
