namespace BootstrapPortal.Core.Text;

/// <summary>Reads the argument indices of a composite format (<c>{0}</c>, <c>{1:0.#}</c>, <c>{2,5}</c>; <c>{{</c> is a brace).</summary>
public static class TextPlaceholders
{
    /// <summary>The distinct indices; throws <see cref="FormatException"/> for a malformed format.</summary>
    public static IReadOnlySet<int> Of(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var found = new SortedSet<int>();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '}')
            {
                if (i + 1 < format.Length && format[i + 1] == '}')
                {
                    i++;
                    continue;
                }

                throw new FormatException($"Unbalanced '}}' at {i} in \"{format}\".");
            }

            if (c != '{')
            {
                continue;
            }

            if (i + 1 < format.Length && format[i + 1] == '{')
            {
                i++;
                continue;
            }

            var end = format.IndexOf('}', i);
            if (end < 0)
            {
                throw new FormatException($"Unclosed '{{' at {i} in \"{format}\".");
            }

            var body = format[(i + 1)..end];
            var stop = body.IndexOfAny([',', ':']);
            var index = stop < 0 ? body : body[..stop];
            if (index.Length == 0 || index.Length > 2 || !index.All(char.IsAsciiDigit))
            {
                throw new FormatException($"Bad placeholder \"{{{body}}}\" in \"{format}\".");
            }

            found.Add(int.Parse(index, System.Globalization.CultureInfo.InvariantCulture));
            i = end;
        }

        return found;
    }
}
