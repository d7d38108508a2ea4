//! Which action a method and path name, following the server's route table (v1 paths need `.json`;
//! v2 paths work with or without it).

use axum::http::Method;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Api {
    V1,
    V2,
}

/// The v1 create endpoints and their body roots.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum V1Root {
    Password,
    FilePush,
    Url,
}

/// The v1 path families: `/p`, `/f`, `/r` share one controller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    P,
    F,
    R,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Route {
    Version(Api),
    Accounts(Api),
    CreateSecretRequest,
    PreviewSecretRequest(String),
    CreateV1(V1Root),
    CreateV2,
    Show(Api, String),
    Expire(Api, String),
    Preview(Api, String),
    Audit(Api, String),
    List {
        api: Api,
        expired: bool,
    },
    NotifyEmails(String),
    /// Served only when the instance has that push kind turned on.
    Family(Family, Box<Route>),
    Unrouted,
}

impl Route {
    pub(crate) fn is_version(&self) -> bool {
        matches!(self, Route::Version(_))
    }

    pub(crate) fn parse(method: &Method, path: &str) -> Route {
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        match segments.as_slice() {
            ["api", "v1", last] => v1_api(method, last),
            ["api", "v2", rest @ ..] => v2(method, rest),
            [root] => match (method, *root) {
                (&Method::POST, "p.json") => Route::CreateV1(V1Root::Password),
                (&Method::POST, "f.json") => {
                    Route::Family(Family::F, Box::new(Route::CreateV1(V1Root::FilePush)))
                }
                (&Method::POST, "r.json") => {
                    Route::Family(Family::R, Box::new(Route::CreateV1(V1Root::Url)))
                }
                _ => Route::Unrouted,
            },
            [family, rest @ ..] => {
                let family = match *family {
                    "p" => Family::P,
                    "f" => Family::F,
                    "r" => Family::R,
                    _ => return Route::Unrouted,
                };
                let route = v1_push(method, rest);
                if family == Family::P || route == Route::Unrouted {
                    route
                } else {
                    Route::Family(family, Box::new(route))
                }
            }
            [] => Route::Unrouted,
        }
    }
}

fn v1_api(method: &Method, last: &str) -> Route {
    match (method, last) {
        (&Method::GET, "version" | "version.json") => Route::Version(Api::V1),
        (&Method::GET, "accounts" | "accounts.json") => Route::Accounts(Api::V1),
        _ => Route::Unrouted,
    }
}

/// `/p/...` after the family segment; every v1 JSON route ends in `.json`.
fn v1_push(method: &Method, rest: &[&str]) -> Route {
    match rest {
        [last] => {
            let Some(name) = last.strip_suffix(".json") else {
                return Route::Unrouted;
            };
            match (method, name) {
                (&Method::GET, "active") => Route::List {
                    api: Api::V1,
                    expired: false,
                },
                (&Method::GET, "expired") => Route::List {
                    api: Api::V1,
                    expired: true,
                },
                (&Method::GET, token) => Route::Show(Api::V1, token.to_owned()),
                (&Method::DELETE, token) => Route::Expire(Api::V1, token.to_owned()),
                _ => Route::Unrouted,
            }
        }
        [token, action] => match (method, *action) {
            (&Method::GET, "preview.json") => Route::Preview(Api::V1, (*token).to_owned()),
            (&Method::GET, "audit.json") => Route::Audit(Api::V1, (*token).to_owned()),
            _ => Route::Unrouted,
        },
        _ => Route::Unrouted,
    }
}

fn v2(method: &Method, rest: &[&str]) -> Route {
    let strip = |s: &str| s.strip_suffix(".json").unwrap_or(s).to_owned();
    let rest: Vec<String> = rest.iter().map(|s| strip(s)).collect();
    let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
    match (method, rest.as_slice()) {
        (&Method::GET, ["version"]) => Route::Version(Api::V2),
        (&Method::GET, ["accounts"]) => Route::Accounts(Api::V2),
        (&Method::POST, ["requests"]) => Route::CreateSecretRequest,
        (&Method::GET, ["requests", token, "preview"]) => {
            Route::PreviewSecretRequest((*token).to_owned())
        }
        (&Method::POST, ["pushes"]) => Route::CreateV2,
        (&Method::GET, ["pushes", "active"]) => Route::List {
            api: Api::V2,
            expired: false,
        },
        (&Method::GET, ["pushes", "expired"]) => Route::List {
            api: Api::V2,
            expired: true,
        },
        (&Method::GET, ["pushes", token]) => Route::Show(Api::V2, (*token).to_owned()),
        (&Method::DELETE, ["pushes", token]) => Route::Expire(Api::V2, (*token).to_owned()),
        (&Method::GET, ["pushes", token, "preview"]) => {
            Route::Preview(Api::V2, (*token).to_owned())
        }
        (&Method::GET, ["pushes", token, "audit"]) => Route::Audit(Api::V2, (*token).to_owned()),
        (&Method::POST, ["pushes", token, "notify_emails"]) => {
            Route::NotifyEmails((*token).to_owned())
        }
        _ => Route::Unrouted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1_routes_need_the_json_suffix() {
        assert_eq!(
            Route::parse(&Method::GET, "/p/abc.json"),
            Route::Show(Api::V1, "abc".into())
        );
        assert_eq!(Route::parse(&Method::GET, "/p/abc"), Route::Unrouted);
    }

    #[test]
    fn v2_routes_work_with_or_without_suffix() {
        assert_eq!(
            Route::parse(&Method::GET, "/api/v2/pushes/abc"),
            Route::Show(Api::V2, "abc".into())
        );
        assert_eq!(
            Route::parse(&Method::GET, "/api/v2/pushes/abc.json"),
            Route::Show(Api::V2, "abc".into())
        );
        assert_eq!(
            Route::parse(&Method::GET, "/api/v2/pushes/active"),
            Route::List {
                api: Api::V2,
                expired: false
            }
        );
    }
}
