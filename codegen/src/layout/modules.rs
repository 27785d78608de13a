//! Where each item goes. A type only its own area needs lives in that
//! area's module, gated at the `mod` line by the area's feature; a type
//! several areas need lives in `shared` with a cfg of its own; the types of
//! a sub-namespace keep their public module; `shared` is gated by the
//! areas of its types together; area modules and `shared` are re-exported,
//! so a model's public path (`models::User`) does not depend on where it
//! lives. Request types live in the public module of their resource
//! (`requests::user::SendMail`), gated by the areas of its requests.

use std::collections::{BTreeMap, HashSet};

use super::{Cfg, Features, Model, Module, ModuleKind, RequestType};
use crate::model::Api;
use crate::naming;

/// The name of the module of types several areas need.
const SHARED: &str = "shared";

/// The module of a request whose path names none (an IR written by hand).
const OTHER: &str = "other";

pub fn place(
    api: &Api,
    features: &Features,
    models: &mut [Model],
    requests: &mut [RequestType],
) -> (Vec<Module>, Vec<Module>) {
    // Sub-namespace modules are named by `naming` already (in the paths).
    let namespaces: BTreeMap<String, String> = models
        .iter()
        .filter_map(|m| Some((m.path.submodules().first()?.clone(), api.get(m.id).namespace.clone()?)))
        .collect();
    let mut taken: HashSet<String> = namespaces.keys().cloned().collect();
    taken.insert(SHARED.to_owned());
    let area_names: BTreeMap<&str, String> = features
        .areas
        .iter()
        .map(|area| {
            (
                area.as_str(),
                naming::unique(naming::snake(area).trim_start_matches("r#").to_owned(), &mut taken),
            )
        })
        .collect();
    let area_module = |area: &str| Module {
        name: area_names[area].clone(),
        kind: ModuleKind::Area(area.to_owned()),
        cfg: features.area_cfg(area),
    };

    let mut model_modules: Vec<Module> = features.areas.iter().map(|a| area_module(a)).collect();
    let shared = model_modules.len();
    model_modules.push(Module { name: SHARED.into(), kind: ModuleKind::Shared, cfg: Cfg::default() });
    let first_namespace = model_modules.len();
    model_modules.extend(namespaces.iter().map(|(name, namespace)| Module {
        name: name.clone(),
        kind: ModuleKind::Namespace(namespace.clone()),
        cfg: Cfg::default(),
    }));
    let area_index = |area: &str| features.areas.iter().position(|a| a == area).unwrap_or(0);
    for model in models.iter_mut() {
        let def = api.get(model.id);
        model.module = match model.path.submodules().first() {
            Some(namespace) => first_namespace + namespaces.keys().position(|n| n == namespace).unwrap_or(0),
            None if model.cfg == features.area_cfg(&def.area) => area_index(&def.area),
            None => shared,
        };
    }
    model_modules[shared].cfg = Cfg::union(models.iter().filter(|m| m.module == shared).map(|m| &m.cfg));
    // Requests: a public module per resource (`requests::drive_item`),
    // named by the model (`rust_path`), compiled when any of its requests is.
    let module_of =
        |r: &RequestType| r.path.submodules().first().cloned().unwrap_or_else(|| OTHER.to_owned());
    let names: BTreeMap<String, usize> = requests
        .iter()
        .map(module_of)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .enumerate()
        .map(|(i, name)| (name, i))
        .collect();
    let mut request_modules: Vec<Module> = names
        .keys()
        .map(|name| Module { name: name.clone(), kind: ModuleKind::Resource, cfg: Cfg::default() })
        .collect();
    for request in requests.iter_mut() {
        request.module = names[&module_of(request)];
    }
    for (i, module) in request_modules.iter_mut().enumerate() {
        module.cfg = Cfg::union(requests.iter().filter(|r| r.module == i).map(|r| &r.cfg));
    }
    (model_modules, request_modules)
}
