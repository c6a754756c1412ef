namespace ComputeGate.Domain.Licensing;

public sealed partial class OrderLineDecider
{
    /// <summary>What an NLR does not cover: said on every NLR, so nobody reads more into it.</summary>
    public const string NlrScope =
        "Scope: no licence is required by the rules modelled here (3A090/4A090/4E091 licence requirements, their exceptions, is-informed letters, the Entity List sample). "
        + "Not evaluated: other CCL entries (e.g. 3A991, 5A992), end-use controls of 15 CFR 744 (e.g. supercomputer and advanced-node end uses), foreign-direct-product jurisdiction, other restricted-party lists.";

    /// <summary>
    /// Steps shared between rulings: most texts repeat across thousands of lines (same destination, same
    /// classification), so rulings hold references to one copy. Bounded; thread-safe.
    /// </summary>
    internal sealed class StepPool
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string, string?), DecisionStep> _pool = new();
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);

        /// <summary>One copy of a flag text.</summary>
        public string Intern(string text)
        {
            if (_strings.TryGetValue(text, out var s))
            {
                return s;
            }

            if (_strings.Count >= 50_000)
            {
                _strings.Clear();
            }

            return _strings.GetOrAdd(text, text);
        }

        public DecisionStep Get(string stage, string text, string? citation)
        {
            if (_pool.TryGetValue((stage, text, citation), out var step))
            {
                return step;
            }

            if (_pool.Count >= 100_000)
            {
                _pool.Clear();
            }

            return _pool.GetOrAdd((stage, text, citation), k => new DecisionStep(k.Item1, k.Item2, k.Item3));
        }
    }

    /// <summary>Collects steps, citations and unverified flags in order, without duplicates.</summary>
    internal sealed class Trace(StepPool? pool = null)
    {
        private readonly List<DecisionStep> _steps = [];
        private readonly List<string> _citations = [];
        private readonly List<string> _unverified = [];

        public void Step(string stage, string text, string? citation = null)
        {
            _steps.Add(pool?.Get(stage, text, citation) ?? new DecisionStep(stage, text, citation));
            if (citation is not null && !_citations.Contains(citation))
            {
                _citations.Add(citation);
            }
        }

        public void Steps(IEnumerable<DecisionStep> steps)
        {
            foreach (var s in steps)
            {
                _steps.Add(s);
                if (s.Citation is not null && !_citations.Contains(s.Citation))
                {
                    _citations.Add(s.Citation);
                }
            }
        }

        public (DecisionStep[] Steps, string[] Flags) Parts() => (_steps.ToArray(), _unverified.ToArray());

        public void Flag(string? unverified)
        {
            if (unverified is not null && !_unverified.Contains(unverified))
            {
                _unverified.Add(pool?.Intern(unverified) ?? unverified);
            }
        }

        public void Flag(IEnumerable<string?> unverified)
        {
            foreach (var u in unverified)
            {
                Flag(u);
            }
        }

        public void FlagRule(string? unverified) => Flag(unverified is null ? null : $"rule: {unverified}");

        public void Absorb(Trace other, bool stepsToo = true)
        {
            foreach (var s in other._steps)
            {
                if (stepsToo)
                {
                    Step(s.Stage, s.Text, s.Citation);
                }
                else if (s.Citation is not null && !_citations.Contains(s.Citation))
                {
                    _citations.Add(s.Citation);
                }
            }

            Flag(other._unverified);
        }

        public Ruling Finish(Facts f, Outcome o)
        {
            if (o.Verdict == Verdict.Nlr)
            {
                Step("scope", NlrScope);
            }

            Step("verdict", o.Summary ?? o.Describe());
            var cls = f.Classification;
            var decision = new Decision
            {
                LineId = "",
                Verdict = o.Verdict,
                Eccn = cls.Eccn,
                Paragraph = cls.Paragraph,
                LicenseException = o.Verdict == Verdict.LicenseException ? o.Exception : null,
                NotificationRequired = o.Verdict == Verdict.LicenseException && o.Notification,
                ReviewPolicy = o.Verdict == Verdict.LicenseRequired ? o.Policy : null,
                ReviewPolicyNote = o.Verdict == Verdict.LicenseRequired ? o.PolicyNote : null,
                Steps = _steps.ToArray(),
                Citations = _citations.ToArray(),
                Unverified = _unverified.Count == 0 ? [] : _unverified.ToArray(),
                Quantity = f.Line.Quantity,
                ValueUsd = f.Line.ValueUsd,
            };
            return new Ruling(decision, o.Verdict == Verdict.LicenseException && o.Exception == "LPP" ? o.LppTpp : null, o.LppFallbackPolicy, o.LppFallbackNote);
        }
    }
}
