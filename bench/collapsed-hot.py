#!/usr/bin/env python3
"""Summary of collapsed stacks (async-profiler's `collapsed` output, bench/profile.sh).

    python3 bench/collapsed-hot.py FILE [top]

Prints where the samples ran (kernel: a kernel frame is on the stack; Java; native/JVM), the
hottest Java classes by self samples, and our and Netty's codec frames by inclusive samples.
"""
import collections
import sys


def main():
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    total = 0
    where, classes, inclusive = collections.Counter(), collections.Counter(), collections.Counter()
    for line in open(sys.argv[1]):
        stack, _, count = line.rstrip().rpartition(' ')
        count = int(count)
        total += count
        frames = stack.split(';')
        kernel = next((i for i, f in enumerate(frames) if f.endswith('_[k]')), None)
        leaf = frames[-1]
        if kernel is not None:
            where['kernel'] += count
        elif '/' in leaf and not leaf.startswith('/'):
            where['java'] += count
            classes[leaf.rsplit('.', 1)[0].split('$', 1)[0]] += count
        else:
            where['native/JVM'] += count
        for f in set(frames[:kernel]):
            if f.startswith(('dev/gatehouse/', 'io/netty/handler/codec/')):
                inclusive[f] += count
    if not total:
        sys.exit('no samples')
    print('samples', total)
    for name, counter in (('--- where', where), ('--- Java classes, self', classes),
                          ('--- our and codec frames, inclusive (kernel below them included)', inclusive)):
        print(name)
        for k, c in counter.most_common(top):
            print(f'{100.0 * c / total:5.1f}% {k}')


if __name__ == '__main__':
    main()
