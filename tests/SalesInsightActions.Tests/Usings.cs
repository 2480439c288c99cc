namespace SalesInsightActions.Tests;
