namespace SalesInsightActions.Simulators.DataSet;

/// <summary>Word lists the generator combines; short on purpose, combinations give the variety.</summary>
internal static class NameLists
{
    public static readonly string[] FirstNames =
    [
        "Ava", "Liam", "Noah", "Emma", "Olivia", "Mateo", "Sofia", "Lucas", "Mia", "Ethan",
        "Amara", "Kenji", "Priya", "Diego", "Chloe", "Omar", "Hana", "Jonas", "Lea", "Marcus",
        "Nadia", "Pavel", "Ines", "Tariq", "Yuki", "Zara", "Felix", "Grace", "Hugo", "Ivy",
        "Jamal", "Keira", "Leon", "Maya", "Nils", "Oona", "Rafael", "Sara", "Theo", "Uma",
    ];

    public static readonly string[] LastNames =
    [
        "Smith", "Garcia", "Chen", "Okafor", "Novak", "Schmidt", "Rossi", "Kim", "Patel", "Silva",
        "Johansson", "Dubois", "Kowalski", "Tanaka", "Haddad", "Murphy", "Nguyen", "Ortiz", "Fischer", "Costa",
        "Larsen", "Ivanova", "Mensah", "Brennan", "Yilmaz", "Moreau", "Khan", "Lindqvist", "Reyes", "Walsh",
    ];

    public static readonly string[] CompanyWords =
    [
        "Acme", "Blue", "Cedar", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Iris", "Juniper",
        "Keystone", "Lumen", "Maple", "Nimbus", "Orbit", "Pioneer", "Quartz", "Redwood", "Summit", "Tidal",
    ];

    public static readonly string[] CompanyNouns =
    [
        "Analytics", "Foods", "Logistics", "Health", "Robotics", "Energy", "Media", "Software", "Capital", "Labs",
        "Motors", "Textiles", "Networks", "Pharma", "Retail",
    ];

    public static readonly string[] CompanySuffixes = ["Inc", "LLC", "GmbH", "Ltd", "Group", "Co"];

    public static readonly string[] Industries =
    [
        "Technology", "Healthcare", "Manufacturing", "Retail", "Finance", "Energy", "Media", "Transportation",
    ];

    public static readonly string[] Titles =
    [
        "VP Marketing", "Marketing Manager", "CTO", "Head of Sales", "Procurement Lead", "Data Analyst",
        "Operations Director", "Product Manager", "CFO", "Account Executive", "IT Manager", "CEO",
    ];

    public static readonly string[] LeadSources =
    [
        "Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Trade Show", "Webinar", "Other",
    ];

    public static readonly string[] OpportunityStages =
    [
        "Prospecting", "Qualification", "Needs Analysis", "Proposal/Price Quote", "Negotiation/Review", "Closed Won",
    ];
}
