package dev.gatehouse.dataplane;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * The buffer allocator of every proxy connection, client and upstream: Netty's pooled allocator
 * (arenas per event loop with thread-local caches), not Netty 4.2's default adaptive one.
 *
 * <p>Why (issue #7, docs/benchmarks.md "Session 5"): in the HTTP/1.1 profile the adaptive
 * allocator was the largest single user-space item, 5.7% of all samples with its shared chunk
 * queue, which each event loop takes chunks from and gives them back to; with the pooled
 * allocator the same work cost 1.9%. An event loop allocates and frees on its own thread, which
 * is what the pooled allocator's thread caches are built for.
 */
final class ProxyAllocator {

    static final ByteBufAllocator INSTANCE = PooledByteBufAllocator.DEFAULT;

    private ProxyAllocator() {
    }
}
