using System.Globalization;
using System.Text;

namespace MemoryBank.Core.Harvest;

/// <summary>
/// Turns a decision title into the slug of its ADR file name: lowercase ASCII letters and digits joined by
/// single hyphens, at most <see cref="MaxLength"/> characters, cut at a word boundary.
/// </summary>
/// <remarks>
/// <para>
/// Letters with diacritics become their base letter, as <see cref="NormalizationForm.FormD"/> followed by
/// dropping combining marks would give; a few letters without a decomposition are spelled out (ß → ss,
/// æ → ae, ø → o, œ → oe, ł → l, đ and ð → d, þ → th, ı → i). Other non-ASCII letters and digits are
/// dropped; every other run of characters becomes one hyphen.
/// </para>
/// <para>
/// The decompositions are a table (every BMP character whose canonical decomposition is an ASCII letter
/// plus combining marks, Unicode 14) rather than a call to <see cref="string.Normalize(NormalizationForm)"/>:
/// in globalization-invariant mode, which this repository builds with and a PowerShell host may run in,
/// Normalize returns non-ASCII text unchanged, and a file name must not depend on the host.
/// </para>
/// </remarks>
internal static class AdrSlug
{
    /// <summary>The longest slug, before a collision suffix.</summary>
    public const int MaxLength = 50;

    /// <summary>The slug of a title that has no ASCII letter or digit to keep.</summary>
    public const string Fallback = "decision";

    private static readonly (string Ascii, string Letters)[] s_transliterations =
    [
        ("a", "ÀÁÂÃÄÅàáâãäåĀāĂăĄąǍǎǞǟǠǡǺǻȀȁȂȃȦȧḀḁẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặ\u212B"),
        ("ae", "ÆæǢǣǼǽ"),
        ("b", "ḂḃḄḅḆḇ"),
        ("c", "ÇçĆćĈĉĊċČčḈḉ"),
        ("d", "ÐðĎďĐđḊḋḌḍḎḏḐḑḒḓ"),
        ("e", "ÈÉÊËèéêëĒēĔĕĖėĘęĚěȄȅȆȇȨȩḔḕḖḗḘḙḚḛḜḝẸẹẺẻẼẽẾếỀềỂểỄễỆệ"),
        ("f", "Ḟḟ"),
        ("g", "ĜĝĞğĠġĢģǦǧǴǵḠḡ"),
        ("h", "ĤĥȞȟḢḣḤḥḦḧḨḩḪḫẖ"),
        ("i", "ÌÍÎÏìíîïĨĩĪīĬĭĮįİıǏǐȈȉȊȋḬḭḮḯỈỉỊị"),
        ("j", "Ĵĵǰ"),
        ("k", "ĶķǨǩḰḱḲḳḴḵ\u212A"),
        ("l", "ĹĺĻļĽľŁłḶḷḸḹḺḻḼḽ"),
        ("m", "ḾḿṀṁṂṃ"),
        ("n", "ÑñŃńŅņŇňǸǹṄṅṆṇṈṉṊṋ"),
        ("o", "ÒÓÔÕÖØòóôõöøŌōŎŏŐőƠơǑǒǪǫǬǭǾǿȌȍȎȏȪȫȬȭȮȯȰȱṌṍṎṏṐṑṒṓỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợ"),
        ("oe", "Œœ"),
        ("p", "ṔṕṖṗ"),
        ("r", "ŔŕŖŗŘřȐȑȒȓṘṙṚṛṜṝṞṟ"),
        ("s", "ŚśŜŝŞşŠšȘșṠṡṢṣṤṥṦṧṨṩ"),
        ("ss", "ßẞ"),
        ("t", "ŢţŤťȚțṪṫṬṭṮṯṰṱẗ"),
        ("th", "Þþ"),
        ("u", "ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųƯưǓǔǕǖǗǘǙǚǛǜȔȕȖȗṲṳṴṵṶṷṸṹṺṻỤụỦủỨứỪừỬửỮữỰự"),
        ("v", "ṼṽṾṿ"),
        ("w", "ŴŵẀẁẂẃẄẅẆẇẈẉẘ"),
        ("x", "ẊẋẌẍ"),
        ("y", "ÝýÿŶŷŸȲȳẎẏẙỲỳỴỵỶỷỸỹ"),
        ("z", "ŹźŻżŽžẐẑẒẓẔẕ"),
    ];

    private static readonly Dictionary<char, string> s_map = BuildMap();

    /// <summary>The slug of <paramref name="title"/>; <see cref="Fallback"/> when nothing is left.</summary>
    public static string From(string title)
    {
        var builder = new StringBuilder(title.Length);
        var pendingHyphen = false;
        foreach (var rune in title.EnumerateRunes())
        {
            string? kept = null;
            if (rune.IsAscii)
            {
                var ch = (char)rune.Value;
                if (char.IsAsciiLetterOrDigit(ch))
                {
                    kept = char.ToLowerInvariant(ch).ToString();
                }
            }
            else if (rune.IsBmp && s_map.TryGetValue((char)rune.Value, out var ascii))
            {
                kept = ascii;
            }
            else if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                || Rune.IsLetterOrDigit(rune))
            {
                // Combining marks and letters with no ASCII spelling vanish without splitting the word.
                continue;
            }

            if (kept is null)
            {
                pendingHyphen = true;
                continue;
            }

            if (pendingHyphen && builder.Length > 0)
            {
                builder.Append('-');
            }

            pendingHyphen = false;
            builder.Append(kept);
        }

        var slug = Bound(builder.ToString());
        return slug.Length == 0 ? Fallback : slug;
    }

    /// <summary>
    /// <paramref name="slug"/>, or with <c>-2</c>, <c>-3</c>… appended until it is not in <paramref name="taken"/>
    /// (compared case-insensitively).
    /// </summary>
    public static string Unique(string slug, IReadOnlySet<string> taken)
    {
        var candidate = slug;
        for (var n = 2; taken.Contains(candidate); n++)
        {
            candidate = slug + "-" + n.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    // Cuts to MaxLength at the last hyphen that fits; a single word longer than that is cut hard.
    private static string Bound(string slug)
    {
        if (slug.Length <= MaxLength)
        {
            return slug;
        }

        if (slug[MaxLength] == '-')
        {
            return slug[..MaxLength];
        }

        var cut = slug.LastIndexOf('-', MaxLength - 1);
        return cut > 0 ? slug[..cut] : slug[..MaxLength];
    }

    private static Dictionary<char, string> BuildMap()
    {
        var map = new Dictionary<char, string>();
        foreach (var (ascii, letters) in s_transliterations)
        {
            foreach (var letter in letters)
            {
                map.Add(letter, ascii);
            }
        }

        return map;
    }
}
