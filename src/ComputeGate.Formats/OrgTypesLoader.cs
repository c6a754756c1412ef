using ComputeGate.Domain;
using ComputeGate.Domain.Screening;

namespace ComputeGate.Formats;

/// <summary>
/// Reads a legal-form vocabulary in the OpenSanctions (rigour) <c>org_types.yml</c> format into the
/// <see cref="LegalForms"/> the name normaliser removes:
/// <code>
/// types:
///   - display: Co Ltd        # optional: how it is shown
///     compare: CoLtd         # optional: how it is compared
///     generic: LLC           # optional: its class
///     aliases: [coltd, "co., ltd.", "CO.,LTD"]   # required, at least one
/// </code>
/// Errors name the file, the field path and the line. The product ships no copy of the vocabulary: the
/// caller reads the file and passes its text.
/// </summary>
public static class OrgTypesLoader
{
    public static LegalForms Load(string file, string text, bool includeChineseForms = true)
    {
        var root = YamlNodeReader.Parse(file, text);
        var types = new List<OrgType>();
        foreach (var t in root.Mappings("types"))
        {
            var aliases = t.Strings("aliases");
            if (aliases.Count == 0)
            {
                throw t.Error("aliases", "an organisation type needs at least one alias");
            }

            for (var i = 0; i < aliases.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(aliases[i]))
                {
                    throw t.Error($"aliases[{i}]", "an alias is empty");
                }
            }

            types.Add(new OrgType(t.OptionalString("display"), t.OptionalString("compare"), t.OptionalString("generic"), aliases));
            t.RejectUnknown();
        }

        root.RejectUnknown();
        if (types.Count == 0)
        {
            throw new InputException(file, "types", null, "no organisation types: the vocabulary is empty");
        }

        return LegalForms.Create(types, includeChineseForms);
    }
}
