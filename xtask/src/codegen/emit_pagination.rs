//! `pages()` / `items()` on paginated operations (`x-pagination`), on top of `api_core::Paginator`.
//!
//! The builder is the page request: `fetch_page` clones it, points it at the paginator's cursor and
//! reads the envelope into an `api_core::RawPage`.
//!
//! `offset-token` listings page in api-core's `OffsetOrToken` style: the server's `nextToken`
//! whenever it sends one, else the numeric next offset. Each request carries `offset` or
//! `nextToken`, never both; the first page, unless the caller chose a start, carries neither.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::api::{Accessor, Api, Operation, PageStyle, Paging, Ty};
use super::emit_types::{Scope, output_type, ty};
use super::names::ident;

/// Builder fields for the paging knobs.
pub fn builder_fields(paging: &Paging) -> TokenStream {
    let concurrency = predictable(paging).then(|| quote!(concurrency: Option<usize>,));
    quote! {
        prefetch: Option<usize>,
        #concurrency
    }
}

pub fn builder_init(paging: &Paging) -> TokenStream {
    let concurrency = predictable(paging).then(|| quote!(concurrency: None,));
    quote! {
        prefetch: None,
        #concurrency
    }
}

/// Styles whose next cursor can be predicted, so pages can be fetched concurrently.
fn predictable(paging: &Paging) -> bool {
    paging.style == PageStyle::Offset
}

/// `prefetch`, `concurrency`, `pages`, `items` and the private page fetcher.
pub fn paging_fns(api: &Api, op: &Operation, paging: &Paging, validates: bool) -> TokenStream {
    let item = ty(&paging.item, Scope::Operations);
    let error = api.error_ty();
    // api-core's streams yield its own error; a crate with its own type converts each one.
    let convert = |stream: TokenStream| match &api.error_type {
        None => stream,
        Some(_) => {
            quote!(futures::StreamExt::boxed(futures::TryStreamExt::map_err(#stream, #error::from)))
        }
    };
    let pages = convert(quote!(self.into_paginator().pages()));
    let items = convert(quote!(self.into_paginator().items()));
    let concurrency = predictable(paging).then(|| {
        quote! {
            /// Keeps up to `pages` page requests in flight at predicted offsets (default 1: one at a time).
            /// Pages still arrive in order.
            pub fn concurrency(mut self, pages: usize) -> Self {
                self.concurrency = Some(pages);
                self
            }
        }
    });
    let paginator = paginator_fn(op, paging, &item);
    let fetch_page = fetch_page_fn(op, paging, &item, validates);
    quote! {
        /// Fetches up to `depth` pages ahead while the caller works through the current one
        /// (default 0: each page is requested when it is needed).
        pub fn prefetch(mut self, depth: usize) -> Self {
            self.prefetch = Some(depth);
            self
        }

        #concurrency

        /// Every page from the one this builder points at to the last, as a stream.
        pub fn pages(self) -> api_core::BoxStream<'static, Result<api_core::Page<#item>, #error>> {
            #pages
        }

        /// Every item of every page, as a stream.
        pub fn items(self) -> api_core::BoxStream<'static, Result<#item, #error>> {
            #items
        }

        #paginator
        #fetch_page
    }
}

fn paginator_fn(op: &Operation, paging: &Paging, item: &TokenStream) -> TokenStream {
    let id = &op.id;
    let page_size = Literal::u32_unsuffixed(paging.page_size);
    let (setup, style, start) = match paging.style {
        PageStyle::Offset => (
            {
                let limit_ty = param_ty(op, "limit");
                quote!(let limit: #limit_ty = *self.limit.get_or_insert(#page_size);)
            },
            quote!(api_core::PageStyle::Offset { limit: u32::try_from(limit).unwrap_or(#page_size) }),
            quote!(api_core::Cursor::Offset(
                self.offset
                    .and_then(|offset| u64::try_from(offset).ok())
                    .unwrap_or(0)
            )),
        ),
        PageStyle::OffsetToken => (
            quote! {
                if self.limit.is_none() {
                    self.limit = Some(#page_size);
                }
            },
            quote!(api_core::PageStyle::OffsetOrToken),
            quote!(api_core::Cursor::token_or_offset(
                self.next_token.clone(),
                self.offset.and_then(|offset| u64::try_from(offset).ok()),
            )),
        ),
        PageStyle::Token => (
            quote!(),
            quote!(api_core::PageStyle::Token),
            quote!(api_core::Cursor::Token(
                self.next_token.clone().unwrap_or_default()
            )),
        ),
        PageStyle::Page => (
            quote!(),
            quote!(api_core::PageStyle::PageNumber { page_size: #page_size }),
            quote!(api_core::Cursor::Page(
                self.page
                    .and_then(|page| u32::try_from(page).ok())
                    .unwrap_or(1)
            )),
        ),
    };
    let concurrency = predictable(paging).then(|| {
        quote! {
            if let Some(pages) = self.concurrency {
                paginator = paginator.concurrency(pages);
            }
        }
    });
    // Only offset listings fill in `limit` before paging.
    let receiver = if matches!(paging.style, PageStyle::Offset | PageStyle::OffsetToken) {
        quote!(mut self)
    } else {
        quote!(self)
    };
    quote! {
        /// The paginator over this request: its style, first cursor and page fetcher.
        fn into_paginator(#receiver) -> api_core::Paginator<#item> {
            #setup
            let style = #style;
            let start = #start;
            let builder = self.clone();
            let fetch: api_core::PageFetcher<#item> = std::sync::Arc::new(move |cursor| {
                futures::FutureExt::boxed(builder.clone().fetch_page(cursor))
            });
            let mut paginator =
                api_core::Paginator::new(#id, style, start, fetch).traced_as(self.client.info());
            if let Some(depth) = self.prefetch {
                paginator = paginator.prefetch(depth);
            }
            #concurrency
            paginator
        }
    }
}

/// The type of a paging query parameter, for the literals that fill it.
fn param_ty(op: &Operation, wire: &str) -> TokenStream {
    op.param(wire)
        .map(|p| ty(&p.ty, Scope::Operations))
        .unwrap_or_else(|| quote!(i64))
}

/// Points the builder at the cursor: the `match` (or `let`) that sets the paging parameters.
fn apply_cursor(op: &Operation, paging: &Paging) -> TokenStream {
    let id = op.id.as_str();
    let mismatch = quote! {
        return Err(api_core::Error::invalid_request(
            #id,
            "the paginator produced a cursor of another paging style",
        ))
    };
    let offset_value = |source: TokenStream| {
        let offset_ty = param_ty(op, "offset");
        let message = "the next page's `offset` does not fit its type";
        quote!(#offset_ty::try_from(#source).map_err(|_| api_core::Error::invalid_request(#id, #message))?)
    };
    match paging.style {
        PageStyle::Offset => {
            let value = offset_value(quote!(offset));
            quote! {
                match cursor {
                    api_core::Cursor::Offset(offset) => self.offset = Some(#value),
                    _ => #mismatch,
                }
            }
        }
        PageStyle::Token => quote! {
            match cursor {
                // An empty token is the first page: no `nextToken` at all.
                api_core::Cursor::Token(token) => self.next_token = (!token.is_empty()).then_some(token),
                _ => #mismatch,
            }
        },
        PageStyle::OffsetToken => {
            let value = offset_value(quote!(offset));
            quote! {
                match cursor {
                    // The first page of a listing the caller did not point anywhere carries
                    // neither parameter; the server starts at 0 then.
                    api_core::Cursor::Offset(0) if self.offset.is_none() && self.next_token.is_none() => {}
                    api_core::Cursor::Offset(offset) => {
                        self.offset = Some(#value);
                        self.next_token = None;
                    }
                    api_core::Cursor::Token(token) => {
                        self.offset = None;
                        self.next_token = Some(token);
                    }
                    _ => #mismatch,
                }
            }
        }
        PageStyle::Page => {
            let page_ty = op.param("page").map(|p| p.ty.clone()).unwrap_or(Ty::I64);
            let value = match page_ty {
                Ty::I32 => {
                    let message = "the next page's `page` does not fit its type";
                    quote!(i32::try_from(page).map_err(|_| api_core::Error::invalid_request(#id, #message))?)
                }
                _ => quote!(i64::from(page)),
            };
            quote! {
                match cursor {
                    api_core::Cursor::Page(page) => self.page = Some(#value),
                    _ => #mismatch,
                }
            }
        }
    }
}

fn fetch_page_fn(
    op: &Operation,
    paging: &Paging,
    item: &TokenStream,
    validates: bool,
) -> TokenStream {
    // The caller's own values are checked once, before the cursor replaces them.
    let validate = validates.then(|| quote!(self.check_limits()?;));
    let apply = apply_cursor(op, paging);
    let more_results = match &paging.more_results {
        Some(path) => {
            let (place, optional) = access(path);
            if optional {
                quote!(#place.copied())
            } else {
                quote!(Some(#place))
            }
        }
        None => quote!(None),
    };
    let next_offset = match &paging.next_offset {
        Some((path, numeric_string)) => {
            let (place, optional) = access(path);
            match (numeric_string, optional) {
                (true, true) => quote!(#place.and_then(|next| next.parse::<u64>().ok())),
                (true, false) => quote!(#place.parse::<u64>().ok()),
                (false, true) => quote!(#place.and_then(|next| u64::try_from(*next).ok())),
                (false, false) => quote!(u64::try_from(#place).ok()),
            }
        }
        None => quote!(None),
    };
    let next_token = match &paging.next_token {
        Some(path) => {
            let (place, optional) = access(path);
            if optional {
                quote!(#place.filter(|token| !token.is_empty()).cloned())
            } else {
                quote!(Some(#place.clone()).filter(|token| !token.is_empty()))
            }
        }
        None => quote!(None),
    };
    let items = match &paging.items {
        None => quote!(body),
        Some((name, optional)) => {
            let name = ident(name);
            if *optional {
                quote!(body.#name.unwrap_or_default())
            } else {
                quote!(body.#name)
            }
        }
    };
    let page = quote! {
        Ok(api_core::RawPage {
            items,
            more_results,
            next_offset,
            next_token,
            body: response.bytes().clone(),
        })
    };
    let envelope = output_type(&op.output);
    // A list documented inside an envelope may come bare: its records are the page, with no
    // paging fields (so the page says nothing about what follows).
    let bare_list = paging.items.is_some().then(|| {
        quote! {
            if let Some(page) = api_core::RawPage::from_bare_list(&response, expectation) {
                return page;
            }
        }
    });
    quote! {
        /// One page: this request at `cursor`, its envelope read into a raw page. The raw body
        /// goes along as evidence, should the page claim more results without a way to them.
        async fn fetch_page(
            mut self,
            cursor: api_core::Cursor,
        ) -> Result<api_core::RawPage<#item>, api_core::Error> {
            #validate
            #apply
            let request = self.build_request()?;
            let expectation = request.expectation();
            let response = self.client.execute(request).await?;
            #bare_list
            let body: #envelope = response.decode(expectation)?;
            let more_results = #more_results;
            let next_offset = #next_offset;
            let next_token = #next_token;
            let items = #items;
            #page
        }
    }
}

/// The place an accessor reaches in `body`, and whether it is an `Option<&T>` rather than a place.
fn access(path: &Accessor) -> (TokenStream, bool) {
    let mut place = quote!(body);
    let mut optional = false;
    for (name, step_optional) in path {
        let name = ident(name);
        if optional {
            place = if *step_optional {
                quote!(#place.and_then(|inner| inner.#name.as_ref()))
            } else {
                quote!(#place.map(|inner| &inner.#name))
            };
        } else {
            place = quote!(#place.#name);
            if *step_optional {
                place = quote!(#place.as_ref());
                optional = true;
            }
        }
    }
    (place, optional)
}
