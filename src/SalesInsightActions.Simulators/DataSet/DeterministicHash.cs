namespace SalesInsightActions.Simulators.DataSet;

/// <summary>SplitMix64 over (seed, index, salt): cheap, stateless and stable across runs and platforms.</summary>
internal static class DeterministicHash
{
    public static ulong Mix(int seed, long index, int salt)
    {
        ulong z = unchecked(((ulong)(uint)seed << 32) ^ (ulong)index ^ ((ulong)(uint)salt * 0x9E3779B97F4A7C15UL));
        z = unchecked(z + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    public static int Pick(int seed, long index, int salt, int count)
    {
        return (int)(Mix(seed, index, salt) % (ulong)count);
    }
}
