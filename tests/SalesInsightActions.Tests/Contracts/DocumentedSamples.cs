namespace SalesInsightActions.Tests.Contracts;

/// <summary>
/// Example responses as the vendors document them, one per endpoint the product uses. Each one is served to our client
/// (it must parse) and compared with the simulator's answer (same shape), so the two independent readings of the docs
/// are held to the docs themselves. Values are the documented ones; where a page gives no literal example the source
/// says so and the sample follows the documented field list.
/// </summary>
internal static class DocumentedSamples
{
    // Adobe "Authentication" (Marketo REST): GET /identity/oauth/token.
    public const string MarketoIdentityToken = """
        {
          "access_token": "cdf01657-110d-4155-99a7-f986b2ff13a0:int",
          "token_type": "bearer",
          "expires_in": 3599,
          "scope": "apis@acmeinc.com"
        }
        """;

    // Not in Adobe's guide (external-apis.md: "unconfirmed"); the body the identity service (Spring OAuth) is
    // reported to send for a wrong client id/secret, with HTTP 401.
    public const string MarketoIdentityUnauthorized = """
        {
          "error": "invalid_client",
          "error_description": "Bad client credentials"
        }
        """;

    // Adobe API reference, Describe Lead2 (LeadAttribute2: name, searchableFields, fields[name, displayName,
    // dataType, length, updateable, crmManaged]); the guide has no literal example, so the values are illustrative.
    public const string MarketoDescribeLeads2 = """
        {
          "requestId": "37ca#1475b74e276",
          "success": true,
          "result": [
            {
              "name": "API Lead",
              "searchableFields": [["createdAt"], ["email"], ["id"], ["sfdcLeadId"]],
              "fields": [
                {"name": "createdAt", "displayName": "Created At", "dataType": "datetime", "updateable": false, "crmManaged": false},
                {"name": "email", "displayName": "Email Address", "dataType": "email", "length": 255, "updateable": true, "crmManaged": false},
                {"name": "sfdcLeadId", "displayName": "SFDC Lead ID", "dataType": "string", "length": 18, "updateable": false, "crmManaged": true}
              ]
            }
          ]
        }
        """;

    // Adobe "Leads" > Query: GET /rest/v1/leads.json?filterType=id&filterValues=318581,318592.
    public const string MarketoLeadsByFilter = """
        {
            "requestId": "12951#15699db5c97",
            "result": [
                {
                    "id": 318581,
                    "updatedAt": "2016-05-17T22:11:45Z",
                    "lastName": "Lincoln",
                    "email": "abe@usa.gov",
                    "createdAt": "2015-03-17T00:18:40Z",
                    "firstName": "Abraham"
                },
                {
                    "id": 318592,
                    "updatedAt": "2016-05-17T22:20:51Z",
                    "lastName": "Washington",
                    "email": "george@usa.gov",
                    "createdAt": "2015-04-06T16:29:21Z",
                    "firstName": "George"
                }
            ],
            "success": true
        }
        """;

    // Adobe "Error Codes" > record-level errors, for POST /rest/v1/leads.json (createOnly, lookupField email).
    public const string MarketoUpsertLeadsResult = """
        {
          "requestId": "e42b#14272d07d78",
          "success": true,
          "result": [
            {"id": 50, "status": "created"},
            {"id": 51, "status": "created"},
            {"status": "skipped", "reasons": [{"code": "1005", "message": "Lead already exists"}]}
          ]
        }
        """;

    // Adobe "Paging Tokens": GET /rest/v1/activities/pagingtoken.json?sinceDatetime=….
    public const string MarketoPagingToken = """
        {
          "requestId": "a9ae#148add1e53d",
          "success": true,
          "nextPageToken": "GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBQ"
        }
        """;

    // Adobe "Activities" > Query: GET /rest/v1/activities.json?activityTypeIds=1&nextPageToken=….
    public const string MarketoActivities = """
        {
          "requestId": "24fd#15188a88d7f",
          "result": [
            {
              "id": 102988,
              "marketoGUID": "102988",
              "leadId": 1,
              "activityDate": "2023-01-16T23:32:19Z",
              "activityTypeId": 1,
              "primaryAttributeValueId": 71,
              "primaryAttributeValue": "localhost/munchkintest2.html",
              "attributes": [
                {"name": "Client IP Address", "value": "10.0.19.252"},
                {"name": "Query Parameters", "value": ""},
                {"name": "Referrer URL", "value": ""},
                {"name": "User Agent", "value": "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/39.0.2171.95 Safari/537.36"},
                {"name": "Webpage URL", "value": "/munchkintest2.html"}
              ]
            }
          ],
          "success": true,
          "nextPageToken": "WQV2VQVPPCKHC6AQYVK7JDSA3J62DUSJ3EXJGDPTKPEBFW3SAVUA====",
          "moreResult": false
        }
        """;

    // Adobe "Activities" > Describe: GET /rest/v1/activities/types.json.
    public const string MarketoActivityTypes = """
        {
          "requestId": "6e78#148ad3b76f1",
          "success": true,
          "result": [
            {
              "id": 2,
              "name": "Fill Out Form",
              "description": "User fills out and submits form on web page",
              "primaryAttribute": {"name": "Webform ID", "dataType": "integer"},
              "attributes": [
                {"name": "Client IP Address", "dataType": "string"},
                {"name": "Form Fields", "dataType": "text"},
                {"name": "Query Parameters", "dataType": "string"},
                {"name": "Referrer URL", "dataType": "string"},
                {"name": "User Agent", "dataType": "string"},
                {"name": "Webpage ID", "dataType": "integer"}
              ]
            }
          ]
        }
        """;

    // Adobe "Activities" > Custom Activity Types > Get Types: GET /rest/v1/activities/external/types.json.
    public const string MarketoCustomActivityTypes = """
        {
          "requestId": "185d6#14b51985ff0",
          "success": true,
          "result": [
            {
              "id": 100001,
              "apiName": "attendConference",
              "name": "Attend Conference",
              "description": "Attend the conference",
              "triggerName": "Attends Conference",
              "filterName": "Attended Conference",
              "createdAt": "2016-02-03T22:36:23Z",
              "updatedAt": "2016-02-03T22:36:23Z",
              "status": "approved"
            }
          ]
        }
        """;

    // Adobe "Activities" > Adding Custom Activities: POST /rest/v1/activities/external.json.
    public const string MarketoAddCustomActivitiesResult = """
        {
          "requestId": "e42b#14272d07d78",
          "success": true,
          "result": [
            {"id": 50, "marketoGUID": "50", "status": "added"},
            {"id": 51, "marketoGUID": "51", "status": "added"},
            {"status": "skipped", "errors": [{"code": "1004", "message": "Lead not found"}]}
          ]
        }
        """;

    // Adobe "Bulk Lead Extract" > Creating a Job: POST /bulk/v1/leads/export/create.json.
    public const string MarketoBulkExportCreated = """
        {
          "requestId": "e42b#14272d07d78",
          "success": true,
          "result": [
            {
              "exportId": "ce45a7a1-f19d-4ce2-882c-a3c795940a7d",
              "format": "CSV",
              "status": "Created",
              "createdAt": "2017-01-21T11:47:30-08:00"
            }
          ]
        }
        """;

    // Adobe "Bulk Lead Extract" > Polling Job Status: GET /bulk/v1/leads/export/{exportId}/status.json (Completed).
    public const string MarketoBulkExportCompleted = """
        {
          "requestId": "e42b#14272d07d78",
          "success": true,
          "result": [
            {
              "exportId": "ce45a7a1-f19d-4ce2-882c-a3c795940a7d",
              "status": "Completed",
              "createdAt": "2017-01-21T11:47:30-08:00",
              "queuedAt": "2017-01-21T11:48:30-08:00",
              "startedAt": "2017-01-21T11:51:30-08:00",
              "finishedAt": "2017-01-21T12:59:30-08:00",
              "format": "CSV",
              "numberOfRecords": 122323,
              "fileSize": 123424,
              "fileChecksum": "sha256:c16514c7e80fcac5ea055dacae9617fc3c29aff5365e3743071313ce0ed2a815"
            }
          ]
        }
        """;

    // Adobe "Usage" > Daily Usage: GET /rest/v1/stats/usage.json.
    public const string MarketoDailyUsage = """
        {
           "requestId": "5f7f#17d7d8f2b6f",
           "success": true,
           "result": [
              {
                 "date": "2015-10-17",
                 "total": 1120,
                 "users": [
                    {"userId": "some.body@yahoo.com", "count": 200},
                    {"userId": "some.body@marketo.com", "count": 200},
                    {"userId": "some.body@gmail.com", "count": 720}
                 ]
              }
           ]
        }
        """;

    // Adobe "User Management" > Browse Users: GET /userservice/management/v1/users/allusers.json (bare array, no envelope).
    public const string MarketoAllUsers = """
        [
          {"userid": "jamie@lannister.com", "firstName": "Jamie", "lastName": "Lannister", "emailAddress": "jamie@houselannister.com", "id": 6785, "apiOnly": false},
          {"userid": "jeoffery@housebaratheon.com", "firstName": "Jeoffery", "lastName": "Baratheon", "emailAddress": "jeoffery@housebaratheon.com", "id": 7718, "apiOnly": false},
          {"userid": "rickon@housestark.com", "firstName": "Rickon", "lastName": "Stark", "emailAddress": "rickon@housestark.com", "id": 8612, "apiOnly": false}
        ]
        """;

    // Adobe "Error Codes": the REST envelope of a failed call (HTTP 200, success:false, codes are strings).
    public const string MarketoErrorEnvelope = """
        {
          "requestId": "e42b#14272d07d78",
          "success": false,
          "errors": [
            {"code": "610", "message": "Requested resource not found"}
          ]
        }
        """;

    // Salesforce "OAuth 2.0 Web Server Flow": POST /services/oauth2/token (grant_type=authorization_code).
    public const string SalesforceToken = """
        {
          "id": "https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P",
          "issued_at": "1278448101416",
          "refresh_token": "5Aep8614iLM.Dq661ePDmPEgaAW9Oh_L3JKkDpB4xReb54_pZebnUG0h6Sb4KUVDpNtWEofWM39yg==",
          "instance_url": "https://na1.salesforce.com",
          "signature": "CMJ4l+CCaPQiKjoOEwEig9H4wqhpuLSk4J2urAe+fVg=",
          "access_token": "00Dx0000000BV7z!AR8AQP0jITN80ESEsj5EbaZTFG0RNBaT1cyWk7TrqoDjoNIWQ2ME_sTZzBjfmOE6zMHq6y8PIW4eWze9JksNEkWUl.Cju7m4",
          "token_type": "Bearer",
          "scope": "id api refresh_token"
        }
        """;

    // Salesforce "OAuth 2.0 Refresh Token Flow" > errors: HTTP 400.
    public const string SalesforceTokenInvalidGrant = """
        {"error": "invalid_grant", "error_description": "expired access/refresh token"}
        """;

    // Salesforce "Identity URLs": GET {id URL} with the bearer token.
    public const string SalesforceIdentity = """
        {
          "id": "https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P",
          "asserted_user": true,
          "user_id": "005x00000012Q9P",
          "organization_id": "00Dx0000000BV7z",
          "username": "admin@example.com",
          "nick_name": "admin1.2777578168398293E12",
          "display_name": "Alan Van",
          "email": "admin@example.com",
          "email_verified": true,
          "first_name": "Alan",
          "last_name": "Van",
          "timezone": "America/Los_Angeles",
          "photos": {
            "picture": "https://yourInstance.salesforce.com/profilephoto/005/F",
            "thumbnail": "https://yourInstance.salesforce.com/profilephoto/005/T"
          },
          "addr_street": null,
          "addr_city": null,
          "addr_state": null,
          "addr_country": "US",
          "addr_zip": null,
          "mobile_phone": null,
          "mobile_phone_verified": false,
          "is_lightning_login_user": false,
          "status": {"created_date": null, "body": null},
          "urls": {
            "enterprise": "https://yourInstance.salesforce.com/services/Soap/c/{version}/00Dx0000000BV7z",
            "metadata": "https://yourInstance.salesforce.com/services/Soap/m/{version}/00Dx0000000BV7z",
            "partner": "https://yourInstance.salesforce.com/services/Soap/u/{version}/00Dx0000000BV7z",
            "rest": "https://yourInstance.salesforce.com/services/data/v{version}/",
            "sobjects": "https://yourInstance.salesforce.com/services/data/v{version}/sobjects/",
            "search": "https://yourInstance.salesforce.com/services/data/v{version}/search/",
            "query": "https://yourInstance.salesforce.com/services/data/v{version}/query/",
            "recent": "https://yourInstance.salesforce.com/services/data/v{version}/recent/",
            "profile": "https://yourInstance.salesforce.com/005x00000012Q9P",
            "feeds": "https://yourInstance.salesforce.com/services/data/v{version}/chatter/feeds",
            "groups": "https://yourInstance.salesforce.com/services/data/v{version}/chatter/groups",
            "users": "https://yourInstance.salesforce.com/services/data/v{version}/chatter/users",
            "feed_items": "https://yourInstance.salesforce.com/services/data/v{version}/chatter/feed-items"
          },
          "active": true,
          "user_type": "STANDARD",
          "language": "en_US",
          "locale": "en_US",
          "utcOffset": -28800000,
          "last_modified_date": "2019-11-21T19:05:33.000+0000",
          "is_app_installed": true
        }
        """;

    // Salesforce REST API Developer Guide, Query: first page (done false, nextRecordsUrl root-relative).
    public const string SalesforceQueryFirstPage = """
        {
          "totalSize": 3,
          "done": false,
          "nextRecordsUrl": "/services/data/v62.0/query/01gRO0000016PIAYA2-2",
          "records": [
            {
              "attributes": {"type": "Contact", "url": "/services/data/v62.0/sobjects/Contact/003RO0000035WQgYAM"},
              "Id": "003RO0000035WQgYAM",
              "Name": "John Smith"
            },
            {
              "attributes": {"type": "Contact", "url": "/services/data/v62.0/sobjects/Contact/003RO0000035WQhYAM"},
              "Id": "003RO0000035WQhYAM",
              "Name": "Jane Doe"
            }
          ]
        }
        """;

    // Salesforce REST API Developer Guide, Query More Results: the last page (done true, no nextRecordsUrl).
    public const string SalesforceQueryLastPage = """
        {
          "totalSize": 3,
          "done": true,
          "records": [
            {
              "attributes": {"type": "Contact", "url": "/services/data/v62.0/sobjects/Contact/003RO0000035WQiYAM"},
              "Id": "003RO0000035WQiYAM",
              "Name": "Ann Jones"
            }
          ]
        }
        """;

    // Salesforce REST API Developer Guide, sObject Describe: GET sobjects/Task/describe, trimmed to the members the
    // product reads (name, label, fields[name, label, type, length, nillable, createable, updateable, picklistValues, referenceTo]).
    public const string SalesforceTaskDescribe = """
        {
          "name": "Task",
          "label": "Task",
          "fields": [
            {
              "name": "Id", "label": "Activity ID", "type": "id", "length": 18,
              "nillable": false, "createable": false, "updateable": false,
              "picklistValues": [], "referenceTo": []
            },
            {
              "name": "WhoId", "label": "Name ID", "type": "reference", "length": 18,
              "nillable": true, "createable": true, "updateable": true,
              "picklistValues": [], "referenceTo": ["Contact", "Lead"]
            },
            {
              "name": "Status", "label": "Status", "type": "picklist", "length": 40,
              "nillable": false, "createable": true, "updateable": true,
              "picklistValues": [
                {"active": true, "defaultValue": true, "label": "Not Started", "validFor": null, "value": "Not Started"},
                {"active": true, "defaultValue": false, "label": "Completed", "validFor": null, "value": "Completed"}
              ],
              "referenceTo": []
            }
          ]
        }
        """;

    // Salesforce REST API Developer Guide, Create a Record: HTTP 201.
    public const string SalesforceCreated = """
        {
          "id": "00T1k00000AbCdEEAV",
          "errors": [],
          "success": true
        }
        """;

    // Salesforce REST API Developer Guide, sObject Collections Create (allOrNone false): HTTP 200.
    public const string SalesforceCompositeCreateResult = """
        [
          {
            "id": "00T1k00000AbCdFEAV",
            "success": true,
            "errors": []
          },
          {
            "success": false,
            "errors": [
              {
                "statusCode": "DUPLICATES_DETECTED",
                "message": "Use one of these records?",
                "fields": []
              }
            ]
          }
        ]
        """;

    // Salesforce REST API Developer Guide, Status Codes and Error Responses (HTTP 404).
    public const string SalesforceRestError = """
        [
          {
            "message": "The requested resource does not exist",
            "errorCode": "NOT_FOUND"
          }
        ]
        """;

    // Bulk API 2.0 Developer Guide, Create a Query Job: POST jobs/query.
    public const string SalesforceBulkQueryJobCreated = """
        {
          "id": "750R0000000zlh9IAA",
          "operation": "query",
          "object": "Account",
          "createdById": "005R0000000GiwjIAC",
          "createdDate": "2018-12-10T17:50:19.000+0000",
          "systemModstamp": "2018-12-10T17:50:19.000+0000",
          "state": "UploadComplete",
          "concurrencyMode": "Parallel",
          "contentType": "CSV",
          "apiVersion": 46.0,
          "lineEnding": "LF",
          "columnDelimiter": "COMMA"
        }
        """;

    // Bulk API 2.0 Developer Guide, Get Information About a Query Job: GET jobs/query/{jobId}.
    public const string SalesforceBulkQueryJobComplete = """
        {
          "id": "750R0000000zlh9IAA",
          "operation": "query",
          "object": "Account",
          "createdById": "005R0000000GiwjIAC",
          "createdDate": "2018-12-10T17:50:19.000+0000",
          "systemModstamp": "2018-12-10T17:51:27.000+0000",
          "state": "JobComplete",
          "concurrencyMode": "Parallel",
          "contentType": "CSV",
          "apiVersion": 46.0,
          "jobType": "V2Query",
          "lineEnding": "LF",
          "columnDelimiter": "COMMA",
          "numberRecordsProcessed": 500,
          "retries": 0,
          "totalProcessingTime": 334
        }
        """;

    // Salesforce REST API Developer Guide, List Organization Limits: GET limits, trimmed to the limits the product
    // budgets against (the documented response lists ~50 limits and a per-connected-app breakdown of DailyApiRequests).
    public const string SalesforceLimits = """
        {
          "DailyApiRequests": {"Max": 15000, "Remaining": 14998},
          "DailyBulkV2QueryFileStorageMB": {"Max": 976562, "Remaining": 976562},
          "DailyBulkV2QueryJobs": {"Max": 10000, "Remaining": 10000},
          "DataStorageMB": {"Max": 5, "Remaining": 5}
        }
        """;

    // Adobe "Activities" > Get Lead Changes: GET /rest/v1/activities/leadchanges.json?nextPageToken=…&fields=firstName,lastName.
    public const string MarketoLeadChanges = """
        {
          "requestId": "a9ae#148add1e53d",
          "success": true,
          "nextPageToken": "GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBQ",
          "moreResult": false,
          "result": [
            {
              "id": 1,
              "marketoGUID": "1",
              "leadId": 6,
              "activityDate": "2013-09-26T06:56:35Z",
              "activityTypeId": 12,
              "fields": [
                {"id": 306, "name": "firstName", "newValue": "Anil", "oldValue": null}
              ],
              "attributes": [
                {"name": "Source Type", "value": "Web page visit"}
              ]
            }
          ]
        }
        """;

    // Adobe "Activities" > Deleted Leads: GET /rest/v1/activities/deletedleads.json?nextPageToken=….
    public const string MarketoDeletedLeads = """
        {
          "requestId": "a9ae#148add1e53d",
          "success": true,
          "nextPageToken": "GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBQ",
          "moreResult": false,
          "result": [
            {
              "id": 2,
              "marketoGUID": "2",
              "leadId": 1,
              "activityDate": "2013-09-26T06:56:35Z",
              "activityTypeId": 37,
              "primaryAttributeValueId": 1,
              "primaryAttributeValue": "Joe Smith",
              "attributes": []
            }
          ]
        }
        """;

    // Adobe "Bulk Extract": enqueue of a job that is already queued (1029, which the client treats as success).
    public const string MarketoBulkExportAlreadyQueued = """
        {
          "requestId": "e42b#14272d07d78",
          "success": false,
          "errors": [{"code": "1029", "message": "Job already queued"}]
        }
        """;

    // Salesforce REST API Developer Guide, "Status Codes and Error Responses": 403 REQUEST_LIMIT_EXCEEDED for too many
    // long-running requests at once (the daily total has the message "TotalRequests Limit exceeded.").
    public const string SalesforceConcurrentRequestsExceeded = """
        [{"message": "ConcurrentRequests (Concurrent API Requests) Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}]
        """;
}
