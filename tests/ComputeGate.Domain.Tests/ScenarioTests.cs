using ComputeGate.Domain.Geography;
using ComputeGate.Domain.Licensing;
using ComputeGate.Domain.WhatIf;
using ComputeGate.Formats;

namespace ComputeGate.Domain.Tests;

/// <summary>Scenarios applied to the rule book: the baseline is never changed, and remembered answers are not shared.</summary>
public class ScenarioTests
{
    private static readonly CountryCode Ae = new("AE");

    private static Scenario Load(string yaml) =>
        ScenarioLoader.Load("s.yaml", yaml, Bundled.Book, EntityListLoader.Embedded(), _ => true);

    [Fact]
    public void AGroupMoveChangesTheScenarioBookOnlyAndFromItsDate()
    {
        var date = Bundled.D("2025-07-01");
        var geography = Bundled.Book.On(date);
        // Asked first on the baseline, so a shared memory of the answer would leak into the scenario.
        Assert.True(geography.InSet("ac.geography", Ae));

        var law = Load("scenario: s\nchanges:\n  - label: move\n    move: AE\n    from_group: D:4\n    to_group: A:5\n    date: 2025-06-01\n")
            .Apply(Bundled.Book, EntityListLoader.Embedded(), DecisionMode.AsEnforced);

        Assert.False(law.Book.On(date).InSet("ac.geography", Ae));
        Assert.True(law.Book.On(Bundled.D("2025-05-31")).InSet("ac.geography", Ae));
        Assert.True(Bundled.Book.On(date).InSet("ac.geography", Ae));
        Assert.True(Bundled.Book.CountryGroups.Contains("D:4", Ae, date));
        var change = Assert.Single(law.Changes);
        Assert.Equal(Bundled.D("2025-06-01"), change.Date);
        Assert.Equal([Ae], change.Countries);
    }

    [Fact]
    public void AParameterOverrideFromADateKeepsTheEarlierValueAndCitesTheScenario()
    {
        var law = Load("scenario: s\nchanges:\n  - label: lower\n    parameter: 3a090.a1.tpp_min\n    value: 4000\n    from: 2025-01-01\n")
            .Apply(Bundled.Book, EntityListLoader.Embedded(), DecisionMode.AsEnforced);

        Assert.Equal(4800m, law.Book.On(Bundled.D("2024-12-31")).Number("3a090.a1.tpp_min"));
        Assert.Equal(4000m, law.Book.On(Bundled.D("2025-01-01")).Number("3a090.a1.tpp_min"));
        Assert.Contains("scenario s.yaml: lower", law.Book.On(Bundled.D("2025-01-01")).Entry("3a090.a1.tpp_min")!.Citation);
        Assert.Equal(4800m, Bundled.Book.On(Bundled.D("2025-01-01")).Number("3a090.a1.tpp_min"));
    }

    [Fact]
    public void ALiftedLetterEndsTheDayBeforeItsLiftingDate()
    {
        var law = Load("scenario: s\nchanges:\n  - label: lift\n    lift_letter: nvidia-2025-04\n    from: 2025-08-01\n")
            .Apply(Bundled.Book, EntityListLoader.Embedded(), DecisionMode.AsEnforced);
        var letter = law.Book.Letters.Single(l => l.Id == "nvidia-2025-04");
        Assert.Equal(Bundled.D("2025-07-31"), letter.Until);
        Assert.Null(Bundled.Book.Letters.Single(l => l.Id == "nvidia-2025-04").Until);
    }
}
