//! The Microsoft Graph deployments ("national clouds") and their URLs.
//!
//! Each cloud is a separate Graph with its own sign-in service: a token
//! must be asked for at the cloud's authority, for the cloud's scope, and
//! sent to the cloud's service root; tokens of one cloud are refused by
//! the others. Sans-IO, so that code fetching tokens itself has the URLs.
//! From "Microsoft Graph national cloud deployments" (learn.microsoft.com,
//! `graph/deployments`).

/// A Microsoft Graph deployment: the global service or a national cloud.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Cloud {
    /// The global service: `https://graph.microsoft.com`, signed in at
    /// `https://login.microsoftonline.com`. Also for Microsoft 365 GCC.
    #[default]
    Global,
    /// Microsoft Graph for US Government L4 (Microsoft 365 GCC High):
    /// `https://graph.microsoft.us`, signed in at
    /// `https://login.microsoftonline.us`.
    UsGovL4,
    /// Microsoft Graph for US Government L5 (Microsoft 365 DoD):
    /// `https://dod-graph.microsoft.us`, signed in at
    /// `https://login.microsoftonline.us`.
    UsGovL5,
    /// Microsoft Graph China operated by 21Vianet:
    /// `https://microsoftgraph.chinacloudapi.cn`, signed in at
    /// `https://login.chinacloudapi.cn`.
    China,
}

impl Cloud {
    /// Every cloud, for tables and tests.
    pub const ALL: [Cloud; 4] = [Cloud::Global, Cloud::UsGovL4, Cloud::UsGovL5, Cloud::China];

    /// The Graph endpoint, without API version or trailing slash.
    pub const fn graph_endpoint(self) -> &'static str {
        match self {
            Cloud::Global => "https://graph.microsoft.com",
            Cloud::UsGovL4 => "https://graph.microsoft.us",
            Cloud::UsGovL5 => "https://dod-graph.microsoft.us",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }

    /// The service root for an API version (`"v1.0"` or `"beta"`), e.g.
    /// `https://graph.microsoft.us/v1.0`: what requests are resolved
    /// against.
    pub fn base_url(self, version: &str) -> String {
        format!("{}/{}", self.graph_endpoint(), version.trim_matches('/'))
    }

    /// The `.default` scope of this cloud's Graph, e.g.
    /// `https://graph.microsoft.us/.default`: the permissions granted to
    /// the app, and the only scope the client-credentials flow takes. A
    /// token for another cloud's scope is refused here.
    pub const fn scope(self) -> &'static str {
        match self {
            Cloud::Global => "https://graph.microsoft.com/.default",
            Cloud::UsGovL4 => "https://graph.microsoft.us/.default",
            Cloud::UsGovL5 => "https://dod-graph.microsoft.us/.default",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn/.default",
        }
    }

    /// The Microsoft Entra ID (sign-in) authority host where this cloud's
    /// tokens are issued, e.g. `https://login.microsoftonline.us`; a
    /// credential must be configured for it (both US Government clouds
    /// share one).
    pub const fn authority_host(self) -> &'static str {
        match self {
            Cloud::Global => "https://login.microsoftonline.com",
            Cloud::UsGovL4 | Cloud::UsGovL5 => "https://login.microsoftonline.us",
            Cloud::China => "https://login.chinacloudapi.cn",
        }
    }
}
