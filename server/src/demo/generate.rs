//! Turns the demo content and a seeded RNG into one tenant's data set in memory: customers with
//! their equipment and service history, work orders with their comments and events, and the
//! change cursors.

use portal_api::{
    AuthorKind, CustomerRelation, EventKind, Priority, ServiceStatus, StaffRole, Visibility, WorkOrderKind,
    WorkOrderStatus,
};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use crate::db::new_id;

use super::content::{
    Plan, Profile, Topic, ADMIN, CUSTOMER_TOPICS, FIRST_NAMES, LAST_NAMES, LINKED_TICKETS, MAINTENANCE_TOPICS,
    NEW_INSTALL, OWNER, PLANS, RADIOS, RELOCATIONS, REPAIRS, ROLES, ROUTERS, SUPPORT, TECHNICIAN,
};
use super::{DAY, HOUR, MINUTE, YEAR};

const CUSTOMERS_PER_TENANT: usize = 50;
const WORK_ORDERS_PER_TENANT: usize = 180;
/// Work orders are spread over this many days before now.
const HISTORY_DAYS: i64 = 120;

// ---------------------------------------------------------------------------------------------
// Customers and their equipment
// ---------------------------------------------------------------------------------------------

pub(super) struct Customer {
    pub(super) id: String,
    pub(super) number: String,
    pub(super) name: String,
    pub(super) email: Option<String>,
    pub(super) phone: String,
    pub(super) address: String,
    pub(super) plan: &'static Plan,
    pub(super) status: ServiceStatus,
    tower: usize,
    pub(super) login: Option<Login>,
    pub(super) since: i64,
    pub(super) equipment: Vec<Equipment>,
    pub(super) history: Vec<HistoryEntry>,
    /// The newest public event seq on any of their work orders.
    pub(super) change_cursor: i64,
}

pub(super) struct Login {
    pub(super) uid: String,
    pub(super) email: String,
}

pub(super) struct Equipment {
    pub(super) kind: &'static str,
    pub(super) make: &'static str,
    pub(super) model: &'static str,
    pub(super) serial: String,
    pub(super) mac: String,
    pub(super) management_ip: String,
    pub(super) signal_dbm: Option<f64>,
    pub(super) installed_at: i64,
}

pub(super) struct HistoryEntry {
    pub(super) at: i64,
    pub(super) kind: &'static str,
    pub(super) summary: String,
    pub(super) technician: &'static str,
}

impl Customer {
    /// The address the portal shows in `contact_email`, as the server does for portal tickets.
    pub(super) fn contact_email(&self) -> Option<&str> {
        self.login.as_ref().map(|l| l.email.as_str()).or(self.email.as_deref())
    }
}

fn generate_customers(rng: &mut StdRng, p: &Profile, now: i64) -> Vec<Customer> {
    let mut names = made_up_names(rng).into_iter();
    // The linked customers and the sign-up customer come first and stay active.
    let statuses = service_statuses(rng, p.linked_customers.len() + 1);
    (0..CUSTOMERS_PER_TENANT)
        .map(|i| {
            let number = p.first_customer_number + i as u32;
            let linked = p.linked_customers.get(i);
            let name = match (linked, i == p.linked_customers.len()) {
                (Some(linked), _) => linked.name.to_string(),
                (None, true) => p.signup_customer.to_string(),
                (None, false) => names.next().unwrap_or_default(),
            };
            let status = statuses[i];
            let since = match status {
                ServiceStatus::PendingInstall => now - rng.gen_range(3 * DAY..25 * DAY),
                _ if linked.is_some() || rng.gen_bool(0.88) => now - rng.gen_range(130 * DAY..4 * YEAR),
                _ => now - rng.gen_range(20 * DAY..130 * DAY),
            };
            let tower = if linked.is_some() || rng.gen_bool(0.62) {
                p.outage_tower
            } else {
                (p.outage_tower + rng.gen_range(1..p.towers.len())) % p.towers.len()
            };
            let plan = match linked {
                Some(_) => &PLANS[1 + i % 2],
                None => PLANS.choose_weighted(rng, |plan| plan.share).unwrap_or(&PLANS[0]),
            };
            let login =
                linked.map(|l| Login { uid: format!("demo-{}-customer-{}", p.id, i + 1), email: l.email.into() });
            let email = match &login {
                Some(login) => Some(login.email.clone()),
                // Some customers never gave an e-mail address.
                None if i % 9 == 4 => None,
                None => Some(format!("{}@{}", name.to_lowercase().replace(' ', "."), p.customer_email_domain)),
            };
            let mut customer = Customer {
                id: new_id(),
                number: format!("{}-{number}", p.customer_prefix),
                name,
                email,
                // 555-01xx numbers are reserved for fiction; deriving them from the customer number keeps
                // them unique and easy to find in the demo.
                phone: format!("+1555010{number:04}"),
                address: format!(
                    "{} {}, {}",
                    rng.gen_range(100..9900),
                    p.roads.choose(rng).unwrap_or(&""),
                    p.towns.choose(rng).unwrap_or(&"")
                ),
                plan,
                status,
                tower,
                login,
                since,
                equipment: Vec::new(),
                history: Vec::new(),
                change_cursor: 0,
            };
            if !matches!(status, ServiceStatus::PendingInstall | ServiceStatus::Cancelled) {
                customer.equipment = equipment(rng, p, &customer, i, linked.map(|l| l.signal_dbm));
            }
            customer.history = service_history(rng, p, &customer, now);
            customer
        })
        .collect()
}

/// Distinct first/last combinations nobody is actually called.
fn made_up_names(rng: &mut StdRng) -> Vec<String> {
    let mut names: Vec<String> =
        FIRST_NAMES.iter().flat_map(|first| LAST_NAMES.iter().map(move |last| format!("{first} {last}"))).collect();
    names.shuffle(rng);
    names
}

/// Mostly active; two of each other status among the customers after the first `demo_customers`.
fn service_statuses(rng: &mut StdRng, demo_customers: usize) -> Vec<ServiceStatus> {
    let mut statuses = vec![ServiceStatus::Active; CUSTOMERS_PER_TENANT];
    let mut others: Vec<usize> = (demo_customers..CUSTOMERS_PER_TENANT).collect();
    others.shuffle(rng);
    let unusual = [ServiceStatus::Suspended, ServiceStatus::PendingInstall, ServiceStatus::Cancelled];
    for (slot, &index) in others.iter().take(2 * unusual.len()).enumerate() {
        statuses[index] = unusual[slot / 2];
    }
    statuses
}

fn equipment(rng: &mut StdRng, p: &Profile, c: &Customer, index: usize, signal_dbm: Option<f64>) -> Vec<Equipment> {
    let (radio_make, radio_model) = RADIOS[rng.gen_range(0..RADIOS.len())];
    let (router_make, router_model) = ROUTERS[rng.gen_range(0..ROUTERS.len())];
    let signal = signal_dbm.unwrap_or_else(|| random_signal(rng));
    let host = index + 10;
    vec![
        Equipment {
            kind: "radio",
            make: radio_make,
            model: radio_model,
            serial: format!("DEMO-{}-R{:05}", c.number, rng.gen_range(10_000..100_000)),
            mac: fake_mac(rng),
            management_ip: format!("10.{}.{}.{host}", p.management_net, c.tower + 1),
            signal_dbm: Some(signal),
            installed_at: c.since,
        },
        Equipment {
            kind: "router",
            make: router_make,
            model: router_model,
            serial: format!("DEMO-{}-W{:05}", c.number, rng.gen_range(10_000..100_000)),
            mac: fake_mac(rng),
            management_ip: format!("10.{}.{}.{host}", p.management_net, c.tower + 101),
            signal_dbm: None,
            installed_at: c.since,
        },
    ]
}

/// Mostly good links, some fair, a few poor (the thresholds of `SignalQuality::from_dbm`).
fn random_signal(rng: &mut StdRng) -> f64 {
    let dbm = match rng.gen_range(0..100) {
        0..=54 => rng.gen_range(-64..=-48),
        55..=84 => rng.gen_range(-75..=-65),
        _ => rng.gen_range(-84..=-76),
    };
    f64::from(dbm)
}

/// In the locally administered range (first octet 02), so it can never be a real device's.
fn fake_mac(rng: &mut StdRng) -> String {
    let bytes: [u8; 5] = rng.gen();
    format!("02:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", bytes[0], bytes[1], bytes[2], bytes[3], bytes[4])
}

fn service_history(rng: &mut StdRng, p: &Profile, c: &Customer, now: i64) -> Vec<HistoryEntry> {
    let technicians = [p.staff[TECHNICIAN], p.contractors[0], p.contractors[1]];
    let technician = |rng: &mut StdRng| technicians[rng.gen_range(0..technicians.len())];
    let tower = p.towers[c.tower];
    if c.status == ServiceStatus::PendingInstall {
        let summary = format!("Site survey: clear line of sight to {tower}; installation scheduled");
        return vec![HistoryEntry { at: c.since, kind: "site_survey", summary, technician: technician(rng) }];
    }
    let (Some(radio), Some(router)) = (c.equipment.first(), c.equipment.get(1)) else {
        let summary = format!("Installed service on the {} plan, served from {tower}", c.plan.name);
        let cancelled = "Service cancelled at the customer's request; equipment collected".to_string();
        return vec![
            HistoryEntry { at: c.since, kind: "installation", summary, technician: technician(rng) },
            HistoryEntry {
                at: between(rng, c.since + 60 * DAY, now - 5 * DAY),
                kind: "cancellation",
                summary: cancelled,
                technician: "",
            },
        ];
    };
    let install = format!(
        "Installed {} {} aimed at {tower}, and a {} {} indoors; {} activated",
        radio.make, radio.model, router.make, router.model, c.plan.name
    );
    let mut history =
        vec![HistoryEntry { at: c.since, kind: "installation", summary: install, technician: technician(rng) }];
    // The linked demo customers show every kind of entry.
    let full = c.login.is_some();
    let plan_index = PLANS.iter().position(|plan| plan.name == c.plan.name).unwrap_or(0);
    if plan_index > 0 && (full || rng.gen_bool(0.35)) {
        let summary =
            format!("Plan upgraded from {} to {}; speed test on site passed", PLANS[plan_index - 1].name, c.plan.name);
        history.push(HistoryEntry {
            at: between(rng, c.since + 30 * DAY, now - 2 * DAY),
            kind: "upgrade",
            summary,
            technician: technician(rng),
        });
    }
    if full || rng.gen_bool(0.3) {
        let summary = REPAIRS.choose(rng).unwrap_or(&REPAIRS[0]).to_string();
        history.push(HistoryEntry {
            at: between(rng, c.since + 10 * DAY, now - DAY),
            kind: "repair",
            summary,
            technician: technician(rng),
        });
    }
    if rng.gen_bool(0.1) {
        let summary = RELOCATIONS.choose(rng).unwrap_or(&RELOCATIONS[0]).to_string();
        history.push(HistoryEntry {
            at: between(rng, c.since + 60 * DAY, now - DAY),
            kind: "relocation",
            summary,
            technician: technician(rng),
        });
    }
    history.sort_by_key(|entry| entry.at);
    history
}

/// A random time in `[from, to)`, or `from` when the range is empty (a recent customer).
fn between(rng: &mut StdRng, from: i64, to: i64) -> i64 {
    if to > from {
        rng.gen_range(from..to)
    } else {
        from
    }
}

// ---------------------------------------------------------------------------------------------
// Work orders and their history
// ---------------------------------------------------------------------------------------------

/// A work order before its history is played out.
pub(super) struct Draft {
    pub(super) topic: &'static Topic,
    pub(super) priority: Priority,
    pub(super) status: WorkOrderStatus,
    pub(super) created_at: i64,
    /// The customer who opened it in the portal.
    pub(super) reporter: Option<usize>,
    /// Customers staff attached: an outage's area, or the customer a phoned-in ticket is for.
    affected: Vec<usize>,
    pub(super) site: Option<String>,
    /// The linked demo customers' tickets and the outages get every kind of comment, so the demo
    /// always has something to show.
    full_thread: bool,
}

impl Draft {
    /// The one customer the conversation is with, if there is one.
    pub(super) fn customer(&self) -> Option<usize> {
        self.reporter.or(match self.affected.as_slice() {
            [only] => Some(*only),
            _ => None,
        })
    }
}

pub(super) struct WorkOrder {
    pub(super) id: String,
    pub(super) number: i64,
    pub(super) draft: Draft,
    pub(super) assigned_to: Option<usize>,
    pub(super) updated_at: i64,
    pub(super) resolved_at: Option<i64>,
    pub(super) version: i64,
    pub(super) comments: Vec<Comment>,
    pub(super) events: Vec<Event>,
}

impl WorkOrder {
    pub(super) fn customers(&self) -> impl Iterator<Item = (usize, CustomerRelation)> + '_ {
        let reporter = self.draft.reporter.map(|c| (c, CustomerRelation::Reporter));
        reporter.into_iter().chain(self.draft.affected.iter().map(|&c| (c, CustomerRelation::Affected)))
    }
}

#[derive(Clone, Copy)]
pub(super) enum Author {
    Staff(usize),
    Customer(usize),
}

pub(super) struct Comment {
    pub(super) author: Author,
    pub(super) body: &'static str,
    pub(super) visibility: Visibility,
    pub(super) at: i64,
}

pub(super) struct Event {
    pub(super) seq: i64,
    pub(super) kind: EventKind,
    pub(super) visibility: Visibility,
    pub(super) actor: AuthorKind,
    pub(super) summary: String,
    pub(super) at: i64,
}

/// One thing that happens to a ticket after it was opened.
enum Step {
    Status(WorkOrderStatus),
    Comment(Author, &'static str, Visibility),
}

fn plan_work_orders(rng: &mut StdRng, p: &Profile, customers: &[Customer], now: i64) -> Vec<Draft> {
    let tower_site = Some(p.towers[p.outage_tower].to_string());
    let outage_area = |at: i64| -> Vec<usize> {
        (0..customers.len())
            .filter(|&c| {
                customers[c].tower == p.outage_tower
                    && customers[c].status == ServiceStatus::Active
                    && customers[c].since < at
            })
            .collect()
    };
    let open_outage_at = now - 150 * MINUTE;
    let past_outage_at = now - 46 * DAY + 5 * HOUR;
    let mut drafts = vec![
        outage_draft(
            p.open_outage,
            WorkOrderStatus::Open,
            open_outage_at,
            outage_area(open_outage_at),
            tower_site.clone(),
        ),
        outage_draft(p.past_outage, WorkOrderStatus::Closed, past_outage_at, outage_area(past_outage_at), tower_site),
    ];
    for (c, customer) in customers.iter().enumerate().filter(|(_, c)| c.status == ServiceStatus::PendingInstall) {
        drafts.push(Draft {
            topic: &NEW_INSTALL,
            priority: NEW_INSTALL.priority,
            status: WorkOrderStatus::Assigned,
            created_at: customer.since + 2 * HOUR,
            reporter: None,
            affected: vec![c],
            site: Some(customer.address.clone()),
            full_thread: false,
        });
    }
    for (c, tickets) in LINKED_TICKETS.iter().enumerate() {
        for &(topic, days_ago, status) in tickets {
            drafts.push(Draft {
                topic,
                priority: topic.priority,
                status,
                created_at: now - days_ago * DAY - rng.gen_range(0..8 * HOUR),
                reporter: Some(c),
                affected: Vec::new(),
                site: None,
                full_thread: true,
            });
        }
    }
    while drafts.len() < WORK_ORDERS_PER_TENANT {
        drafts.push(random_draft(rng, p, customers, now));
    }
    drafts.sort_by_key(|d| d.created_at);
    drafts
}

fn outage_draft(
    topic: &'static Topic,
    status: WorkOrderStatus,
    created_at: i64,
    affected: Vec<usize>,
    site: Option<String>,
) -> Draft {
    Draft { topic, priority: topic.priority, status, created_at, reporter: None, affected, site, full_thread: true }
}

/// A ticket from an ordinary customer (most opened in the portal, some phoned in and opened by
/// staff), or staff's own maintenance work.
fn random_draft(rng: &mut StdRng, p: &Profile, customers: &[Customer], now: i64) -> Draft {
    let created_at = now - rng.gen_range(20 * MINUTE..HISTORY_DAYS * DAY);
    let eligible: Vec<usize> = (0..customers.len())
        .filter(|&c| {
            let customer = &customers[c];
            customer.login.is_none()
                && matches!(customer.status, ServiceStatus::Active | ServiceStatus::Suspended)
                && customer.since < created_at - DAY
        })
        .collect();
    let customer = eligible.choose(rng).copied().filter(|_| rng.gen_bool(0.88));
    let topic = match customer {
        Some(_) => CUSTOMER_TOPICS[rng.gen_range(0..CUSTOMER_TOPICS.len())],
        None => &MAINTENANCE_TOPICS[rng.gen_range(0..MAINTENANCE_TOPICS.len())],
    };
    let (reporter, affected) = match customer {
        Some(c) if rng.gen_bool(0.75) => (Some(c), Vec::new()),
        Some(c) => (None, vec![c]),
        None => (None, Vec::new()),
    };
    let site = match (customer, topic.kind) {
        (Some(c), WorkOrderKind::Repair | WorkOrderKind::Installation) => Some(customers[c].address.clone()),
        (Some(_), _) => None,
        (None, _) => p.towers.choose(rng).map(|t| t.to_string()),
    };
    let mut status = status_for_age(rng, now - created_at);
    // Waiting on the customer needs a customer and a question to wait on.
    if status == WorkOrderStatus::WaitingOnCustomer && (customer.is_none() || topic.question.is_none()) {
        status = WorkOrderStatus::InProgress;
    }
    Draft {
        topic,
        priority: vary(rng, topic.priority),
        status,
        created_at,
        reporter,
        affected,
        site,
        full_thread: false,
    }
}

/// New tickets are mostly still open; old ones mostly done.
fn status_for_age(rng: &mut StdRng, age: i64) -> WorkOrderStatus {
    use WorkOrderStatus::*;
    let weights: [(WorkOrderStatus, u32); 6] = if age < 3 * DAY {
        [(Open, 35), (Assigned, 25), (InProgress, 25), (WaitingOnCustomer, 15), (Resolved, 0), (Closed, 0)]
    } else if age < 14 * DAY {
        [(Open, 8), (Assigned, 10), (InProgress, 20), (WaitingOnCustomer, 15), (Resolved, 32), (Closed, 15)]
    } else {
        [(Open, 0), (Assigned, 0), (InProgress, 3), (WaitingOnCustomer, 2), (Resolved, 20), (Closed, 75)]
    };
    weights.choose_weighted(rng, |w| w.1).map(|w| w.0).unwrap_or(Closed)
}

/// Not every "slow speeds" ticket has the same urgency.
fn vary(rng: &mut StdRng, priority: Priority) -> Priority {
    match (priority, rng.gen_range(0..10)) {
        (Priority::Low, 0) => Priority::Normal,
        (Priority::Normal, 0) => Priority::Low,
        (Priority::Normal, 1) => Priority::High,
        (Priority::High, 0) => Priority::Urgent,
        (priority, _) => priority,
    }
}

/// Plays out a draft's history: who replied when, and the status changes on the way to its
/// final status. Event seqs are handed out later, across the whole tenant.
fn play_out(rng: &mut StdRng, draft: Draft, number: i64, staff: &[Staff], now: i64) -> WorkOrder {
    let assigned_to = (draft.status != WorkOrderStatus::Open).then(|| pick_assignee(rng, draft.topic.kind));
    let steps = conversation(rng, &draft, assigned_to);
    let times = step_times(rng, draft.created_at, steps.len(), draft.priority, now);
    let opened_by = if draft.reporter.is_some() { AuthorKind::Customer } else { AuthorKind::Staff };
    let mut events = vec![Event {
        seq: 0,
        kind: EventKind::Created,
        visibility: Visibility::Public,
        actor: opened_by,
        summary: format!("Ticket #{number} opened: {}", draft.topic.title),
        at: draft.created_at,
    }];
    let mut comments = Vec::new();
    let (mut version, mut resolved_at) = (1, None);
    for (step, at) in steps.into_iter().zip(times) {
        let event = match step {
            Step::Status(status) => {
                version += 1;
                if status == WorkOrderStatus::Resolved {
                    resolved_at = Some(at);
                }
                let summary = format!("Status changed to {}", status.label());
                Event {
                    seq: 0,
                    kind: EventKind::StatusChanged,
                    visibility: Visibility::Public,
                    actor: AuthorKind::Staff,
                    summary,
                    at,
                }
            }
            Step::Comment(author, body, visibility) => {
                comments.push(Comment { author, body, visibility, at });
                // The same summaries the server writes; they never quote the comment.
                let (actor, summary) = match author {
                    Author::Staff(s) => (AuthorKind::Staff, format!("New reply from {}", staff[s].name)),
                    Author::Customer(_) => (AuthorKind::Customer, "The customer commented".to_string()),
                };
                let visibility = crate::events::visibility_for(actor, visibility);
                Event { seq: 0, kind: EventKind::Commented, visibility, actor, summary, at }
            }
        };
        events.push(event);
    }
    // Like the server, only what customers can see moves "last updated".
    let updated_at =
        events.iter().rev().find(|e| e.visibility == Visibility::Public).map_or(draft.created_at, |e| e.at);
    WorkOrder { id: new_id(), number, draft, assigned_to, updated_at, resolved_at, version, comments, events }
}

fn pick_assignee(rng: &mut StdRng, kind: WorkOrderKind) -> usize {
    match (kind, rng.gen_range(0..20)) {
        (_, 0) => OWNER,
        (_, 1 | 2) => ADMIN,
        (WorkOrderKind::Support, _) => SUPPORT,
        _ => TECHNICIAN,
    }
}

/// The steps from "opened" to the draft's final status: support acknowledges, staff assign and
/// note things internally, may ask the customer a question, and resolve.
fn conversation(rng: &mut StdRng, draft: &Draft, assigned_to: Option<usize>) -> Vec<Step> {
    use WorkOrderStatus::*;
    let topic = draft.topic;
    let full = draft.full_thread;
    let handler = Author::Staff(assigned_to.unwrap_or(SUPPORT));
    let finished = !draft.status.is_open();
    let mut steps = Vec::new();
    if full || rng.gen_bool(0.7) {
        steps.push(Step::Comment(Author::Staff(SUPPORT), topic.ack, Visibility::Public));
    }
    if draft.status == Open {
        if full || rng.gen_bool(0.3) {
            steps.push(Step::Comment(handler, topic.internal, Visibility::Internal));
        }
        return steps;
    }
    steps.push(Step::Status(Assigned));
    if full || rng.gen_bool(0.45) {
        steps.push(Step::Comment(handler, topic.internal, Visibility::Internal));
    }
    if draft.status == Assigned {
        return steps;
    }
    steps.push(Step::Status(InProgress));
    let asks = draft.status == WaitingOnCustomer || (finished && (full || rng.gen_bool(0.35)));
    if let (true, Some((question, answer)), Some(customer)) = (asks, topic.question, draft.customer()) {
        steps.push(Step::Comment(handler, question, Visibility::Public));
        steps.push(Step::Status(WaitingOnCustomer));
        if draft.status == WaitingOnCustomer {
            return steps;
        }
        steps.push(Step::Comment(Author::Customer(customer), answer, Visibility::Public));
        steps.push(Step::Status(InProgress));
    }
    if finished {
        steps.push(Step::Comment(handler, topic.resolution, Visibility::Public));
        steps.push(Step::Status(Resolved));
    }
    if draft.status == Closed {
        steps.push(Step::Status(Closed));
    }
    steps
}

/// Spreads a ticket's steps after its creation: urgent work moves within hours, low priority over
/// a week, and nothing happens in the future.
fn step_times(rng: &mut StdRng, created_at: i64, count: usize, priority: Priority, now: i64) -> Vec<i64> {
    let usual = match priority {
        Priority::Urgent => 6 * HOUR,
        Priority::High => 2 * DAY,
        Priority::Normal => 4 * DAY,
        Priority::Low => 8 * DAY,
    };
    let span = usual.min(now - created_at - MINUTE).max(MINUTE);
    let mut times: Vec<i64> = (0..count).map(|_| created_at + rng.gen_range(MINUTE..=span)).collect();
    times.sort_unstable();
    times
}

/// Numbers every event of the tenant in time order, as the server would have handed them out;
/// returns the last seq.
fn number_events(work_orders: &mut [WorkOrder]) -> i64 {
    let mut order: Vec<(i64, usize, usize)> = work_orders
        .iter()
        .enumerate()
        .flat_map(|(w, wo)| wo.events.iter().enumerate().map(move |(e, event)| (event.at, w, e)))
        .collect();
    order.sort_unstable();
    for (seq, &(_, w, e)) in order.iter().enumerate() {
        work_orders[w].events[e].seq = seq as i64 + 1;
    }
    order.len() as i64
}

/// What `events::record` keeps up to date: each customer's newest public event.
fn set_change_cursors(customers: &mut [Customer], work_orders: &[WorkOrder]) {
    for wo in work_orders {
        let head = wo.events.iter().filter(|e| e.visibility == Visibility::Public).map(|e| e.seq).max().unwrap_or(0);
        for (c, _) in wo.customers() {
            customers[c].change_cursor = customers[c].change_cursor.max(head);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// One generated tenant
// ---------------------------------------------------------------------------------------------

pub(super) struct Staff {
    pub(super) id: String,
    pub(super) uid: String,
    pub(super) email: String,
    pub(super) name: &'static str,
    pub(super) role: StaffRole,
}

pub(super) struct DemoTenant {
    pub(super) profile: Profile,
    pub(super) generated_at: i64,
    /// When the WISP started using the portal.
    pub(super) created_at: i64,
    pub(super) staff: Vec<Staff>,
    pub(super) customers: Vec<Customer>,
    pub(super) work_orders: Vec<WorkOrder>,
    pub(super) event_seq: i64,
}

pub(super) fn generate(profile: Profile, now: i64) -> DemoTenant {
    let mut rng = StdRng::seed_from_u64(profile.rng_seed);
    let staff: Vec<Staff> = ROLES
        .iter()
        .zip(profile.staff)
        .map(|(&role, name)| {
            let mailbox = if role == StaffRole::Technician { "tech" } else { role.as_str() };
            Staff {
                id: new_id(),
                uid: format!("demo-{}-{}", profile.id, role.as_str()),
                email: format!("{mailbox}@{}", profile.domain),
                name,
                role,
            }
        })
        .collect();
    let mut customers = generate_customers(&mut rng, &profile, now);
    let drafts = plan_work_orders(&mut rng, &profile, &customers, now);
    let mut work_orders: Vec<WorkOrder> =
        drafts.into_iter().zip(1..).map(|(draft, number)| play_out(&mut rng, draft, number, &staff, now)).collect();
    let event_seq = number_events(&mut work_orders);
    set_change_cursors(&mut customers, &work_orders);
    DemoTenant {
        profile,
        generated_at: now,
        created_at: now - 4 * YEAR - 30 * DAY,
        staff,
        customers,
        work_orders,
        event_seq,
    }
}

impl DemoTenant {
    pub(super) fn signup_customer(&self) -> &Customer {
        &self.customers[self.profile.linked_customers.len()]
    }

    pub(super) fn comment_count(&self) -> usize {
        self.work_orders.iter().map(|w| w.comments.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::content::{prairie_sky, ridgeline};

    #[test]
    fn generated_history_is_consistent() {
        let now = 1_750_000_000_000;
        for t in [generate(ridgeline(), now), generate(prairie_sky(), now)] {
            assert_eq!(t.customers.len(), CUSTOMERS_PER_TENANT);
            assert_eq!(t.work_orders.len(), WORK_ORDERS_PER_TENANT);
            // Numbers and seqs follow time, as the server hands them out.
            let mut events: Vec<&Event> = t.work_orders.iter().flat_map(|w| &w.events).collect();
            events.sort_by_key(|e| e.seq);
            assert!(events.windows(2).all(|pair| pair[0].at <= pair[1].at));
            assert_eq!(events.iter().map(|e| e.seq).collect::<Vec<_>>(), (1..=t.event_seq).collect::<Vec<_>>());
            assert!(t.work_orders.windows(2).all(|pair| pair[0].draft.created_at <= pair[1].draft.created_at));
            assert!(t.work_orders.iter().all(|w| w.updated_at <= now));
            // Internal text is marked and never reaches a public comment or summary.
            for wo in &t.work_orders {
                for comment in &wo.comments {
                    assert_eq!(comment.body.starts_with("Internal:"), comment.visibility == Visibility::Internal);
                }
                assert!(wo.events.iter().all(|e| !e.summary.contains("Internal:")));
            }
            // The linked customers see the open outage and have tickets of their own.
            let open_outage = t
                .work_orders
                .iter()
                .find(|w| w.draft.topic.kind == WorkOrderKind::Outage && w.draft.status.is_open())
                .expect("an open outage");
            assert!(open_outage.draft.affected.len() >= 25, "{} affected", open_outage.draft.affected.len());
            for c in 0..t.profile.linked_customers.len() {
                assert!(open_outage.draft.affected.contains(&c));
                assert_eq!(t.work_orders.iter().filter(|w| w.draft.reporter == Some(c)).count(), 4);
                assert!(t.customers[c].change_cursor > 0);
            }
            let phones: std::collections::HashSet<&str> = t.customers.iter().map(|c| c.phone.as_str()).collect();
            assert_eq!(phones.len(), CUSTOMERS_PER_TENANT);
        }
    }
}
