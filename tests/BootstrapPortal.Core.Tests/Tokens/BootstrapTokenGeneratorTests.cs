using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Core.Tests.Tokens;

public sealed class BootstrapTokenGeneratorTests
{
    /// <summary>A byte source that replays <paramref name="bytes"/> in order, cycling.</summary>
    private static Action<Span<byte>> Replay(params byte[] bytes)
    {
        var position = 0;
        return span =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = bytes[position++ % bytes.Length];
            }
        };
    }

    [Fact]
    public void Bytes_at_or_above_252_are_skipped_and_the_rest_map_modulo_36()
    {
        var generator = new BootstrapTokenGenerator(Replay(252, 253, 254, 255, 0, 1, 35, 36, 71, 251, 10));
        // 0→'0', 1→'1', 35→'z', 36→'0', 71→'z', 251 (=6×36+35)→'z', 10→'a'
        Assert.Equal("01z0zza", generator.RandomString(7));
    }

    [Fact]
    public void A_source_that_yields_only_rejected_bytes_for_a_while_still_produces_the_full_length()
    {
        var bytes = Enumerable.Repeat((byte)255, 100).Concat([(byte)2]).ToArray();
        var generator = new BootstrapTokenGenerator(Replay(bytes));
        Assert.Equal("222222", generator.NewId());
    }

    [Fact]
    public void Byte_251_is_kept_and_252_is_not()
    {
        Assert.Equal("z", new BootstrapTokenGenerator(Replay(251)).RandomString(1));
        Assert.Equal("0", new BootstrapTokenGenerator(Replay(252, 0)).RandomString(1));
    }

    [Fact]
    public void The_csprng_generator_makes_ids_and_secrets_of_the_token_format()
    {
        var generator = new BootstrapTokenGenerator();
        for (var i = 0; i < 200; i++)
        {
            var token = generator.NewId() + "." + generator.NewSecret();
            Assert.Matches(BootstrapTokenFormat.TokenPattern(), token);
        }
    }

    [Fact]
    public void The_csprng_generator_uses_the_whole_alphabet()
    {
        var text = new BootstrapTokenGenerator().RandomString(36 * 200);
        Assert.Equal(BootstrapTokenGenerator.Alphabet.Order(), text.Distinct().Order());
    }
}
