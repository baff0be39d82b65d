package io.rynxs.merkle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * MTH, PATH and PROOF written straight from the recursive definitions of RFC 6962 §2.1, over a function
 * from leaf index to leaf hash, as the oracle the stored-node algorithms are checked against.
 *
 * <p>MTH results are memoised. When leaf hashes repeat with a period, a range and the same range shifted
 * by a multiple of the period have the same hash, which lets the oracle handle trees of 2^50 leaves.
 */
final class RfcReference {

    private final LongFunction<byte[]> leafHash;
    private final long period;
    private final Map<List<Long>, byte[]> memo = new HashMap<>();

    RfcReference(LongFunction<byte[]> leafHash, long period) {
        this.leafHash = leafHash;
        this.period = period;
    }

    static RfcReference of(List<byte[]> leafHashes) {
        return new RfcReference(i -> leafHashes.get((int) i), Long.MAX_VALUE);
    }

    /** MTH(D[start:end]). */
    byte[] mth(long start, long end) {
        long shift = start - start % period;
        List<Long> key = List.of(start - shift, end - shift);
        byte[] known = memo.get(key);
        if (known != null) {
            return known;
        }
        long n = end - start;
        byte[] hash;
        if (n == 0) {
            hash = MerkleHasher.emptyRoot();
        } else if (n == 1) {
            hash = leafHash.apply(start);
        } else {
            long k = largestPowerOfTwoBelow(n);
            hash = MerkleHasher.nodeHash(mth(start, start + k), mth(start + k, end));
        }
        memo.put(key, hash);
        return hash;
    }

    /** PATH(m, D[n]). */
    List<Hash32> path(long m, long n) {
        return path(m, 0, n);
    }

    private List<Hash32> path(long m, long start, long end) {
        long n = end - start;
        List<Hash32> result = new ArrayList<>();
        if (n == 1) {
            return result;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m - start < k) {
            result.addAll(path(m, start, start + k));
            result.add(new Hash32(mth(start + k, end)));
        } else {
            result.addAll(path(m, start + k, end));
            result.add(new Hash32(mth(start, start + k)));
        }
        return result;
    }

    /** PROOF(m, D[n]) = SUBPROOF(m, D[n], true). */
    List<Hash32> proof(long m, long n) {
        return subproof(m, 0, n, true);
    }

    private List<Hash32> subproof(long m, long start, long end, boolean b) {
        long n = end - start;
        List<Hash32> result = new ArrayList<>();
        if (m == n) {
            if (!b) {
                result.add(new Hash32(mth(start, end)));
            }
            return result;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            result.addAll(subproof(m, start, start + k, b));
            result.add(new Hash32(mth(start + k, end)));
        } else {
            result.addAll(subproof(m - k, start + k, end, false));
            result.add(new Hash32(mth(start, start + k)));
        }
        return result;
    }

    private static long largestPowerOfTwoBelow(long n) {
        long k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }
}
