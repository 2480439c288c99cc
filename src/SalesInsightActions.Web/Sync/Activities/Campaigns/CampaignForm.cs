using System.Globalization;

namespace SalesInsightActions.Web.Sync.Activities.Campaigns;

/// <summary>The campaign form of the settings pages, as posted (Form.Name, Form.Steps[i].Kind …).</summary>
public sealed class CampaignForm
{
    /// <summary>Blank step rows offered below the existing ones; a blank row is ignored when saving.</summary>
    public const int BlankSteps = 2;

    public string? Name { get; set; }
    public string? Description { get; set; }
    public List<StepForm> Steps { get; set; } = [];

    public CampaignInput ToInput() => new(Name, Description, [.. Steps.Select(s => new CampaignStepInput(s.Kind, s.Name, s.DayOffset, s.Description, s.Remove))]);

    public static CampaignForm Empty() => new CampaignForm { Steps = [new StepForm { Kind = nameof(CampaignStepKind.Email), DayOffset = "0" }] }.WithBlankRows();

    public static CampaignForm Of(SalesCampaign campaign) => new CampaignForm
    {
        Name = campaign.Name,
        Description = campaign.Description,
        Steps = [.. campaign.Steps.Select(s => new StepForm { Kind = s.Kind.ToString(), Name = s.Name, DayOffset = s.DayOffset.ToString(CultureInfo.InvariantCulture), Description = s.Description })],
    }.WithBlankRows();

    /// <summary>The rows as posted (a refused form comes back as typed) plus room for more steps.</summary>
    public CampaignForm WithBlankRows()
    {
        Steps = [.. Steps.Where(s => !s.IsBlank || s.Remove)];
        for (var i = 0; i < BlankSteps; i++)
        {
            Steps.Add(new StepForm { Kind = nameof(CampaignStepKind.Email) });
        }

        return this;
    }

    public sealed class StepForm
    {
        public string? Kind { get; set; }
        public string? Name { get; set; }
        public string? DayOffset { get; set; }
        public string? Description { get; set; }
        public bool Remove { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(DayOffset) && string.IsNullOrWhiteSpace(Description);
    }
}
