//! The national clouds' URLs, exactly as "Microsoft Graph national cloud
//! deployments" gives them.

use crate::support::Cloud;

#[test]
fn each_cloud_has_its_service_root_scope_and_authority() {
    let table: Vec<_> = Cloud::ALL
        .iter()
        .map(|cloud| (cloud.base_url("v1.0"), cloud.base_url("beta"), cloud.scope(), cloud.authority_host()))
        .collect();
    let row = |host: &str, login: &'static str, scope: &'static str| {
        (format!("https://{host}/v1.0"), format!("https://{host}/beta"), scope, login)
    };
    assert_eq!(
        table,
        [
            row(
                "graph.microsoft.com",
                "https://login.microsoftonline.com",
                "https://graph.microsoft.com/.default"
            ),
            row(
                "graph.microsoft.us",
                "https://login.microsoftonline.us",
                "https://graph.microsoft.us/.default"
            ),
            row(
                "dod-graph.microsoft.us",
                "https://login.microsoftonline.us",
                "https://dod-graph.microsoft.us/.default"
            ),
            row(
                "microsoftgraph.chinacloudapi.cn",
                "https://login.chinacloudapi.cn",
                "https://microsoftgraph.chinacloudapi.cn/.default"
            ),
        ]
    );
    assert_eq!(Cloud::default(), Cloud::Global);
    assert_eq!(Cloud::UsGovL5.graph_endpoint(), "https://dod-graph.microsoft.us");
    assert_eq!(Cloud::China.base_url("/beta/"), "https://microsoftgraph.chinacloudapi.cn/beta");
}

#[test]
fn each_scope_is_its_graph_endpoint_default() {
    for cloud in Cloud::ALL {
        assert_eq!(cloud.scope(), format!("{}/.default", cloud.graph_endpoint()), "{cloud:?}");
    }
}
