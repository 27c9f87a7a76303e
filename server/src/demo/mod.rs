//! `wisp-server seed-demo`: resets the database to a fixed demo data set (two WISPs with
//! customers, equipment, tickets and FAQ) and creates the matching sign-ins in the Firebase Auth
//! emulator.
//!
//! Everything is generated in memory first, from a seeded RNG so the data is the same on every
//! run, and then written with one transaction per tenant. Times are relative to now, so the demo
//! always shows recent activity.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use portal_api::{
    AuthorKind, BrandColors, BrandCompany, BrandLogo, BrandPortal, Branding, CustomerRelation, EventKind, Priority,
    ServiceStatus, StaffRole, Visibility, WorkOrderKind, WorkOrderStatus,
};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

use crate::config::Config;
use crate::db::{flag, new_id, now_ms, Db, Engine, Tx};
use crate::tenants::TenantSettings;

/// Every demo account signs in with this password.
pub const DEMO_PASSWORD: &str = "demo-password-1";

const CUSTOMERS_PER_TENANT: usize = 50;
const WORK_ORDERS_PER_TENANT: usize = 180;
/// Work orders are spread over this many days before now.
const HISTORY_DAYS: i64 = 120;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
const YEAR: i64 = 365 * DAY;

pub async fn seed(config: Config) -> anyhow::Result<()> {
    let Some(emulator_host) = config.firebase.emulator_host.clone() else {
        bail!(
            "seed-demo creates users with a published password, so it only runs against the Firebase Auth emulator: \
             set FIREBASE_AUTH_EMULATOR_HOST (for example by running it inside `firebase emulators:exec --only auth`)"
        );
    };
    let started = Instant::now();
    let now = now_ms();
    let tenants = [generate(ridgeline(), now), generate(prairie_sky(), now)];

    // Users first: if the emulator is not reachable, the database is left as it was.
    let emulator = AuthEmulator::new(&emulator_host, &config.firebase.project_id);
    let logins = demo_logins(&tenants);
    emulator.replace_users(&logins).await?;

    let db = reset_database(&config).await?;
    for tenant in &tenants {
        write_tenant(&db, tenant)
            .await
            .with_context(|| format!("cannot write the demo tenant {}", tenant.profile.id))?;
    }
    print_summary(&tenants, &logins, db.engine(), started.elapsed());
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The two demo WISPs
// ---------------------------------------------------------------------------------------------

/// The fixed facts of one demo WISP; everything else is generated from them.
struct Profile {
    id: &'static str,
    name: &'static str,
    legal_name: &'static str,
    /// Staff e-mails and the website live under this domain.
    domain: &'static str,
    customer_prefix: &'static str,
    /// Customer numbers count up from here; phone numbers are derived from them.
    first_customer_number: u32,
    customer_email_domain: &'static str,
    /// Second octet of the tenant's 10.x management network.
    management_net: u8,
    rng_seed: u64,
    colors: BrandColors,
    support_phone: &'static str,
    support_hours: &'static str,
    welcome_message: &'static str,
    footer_text: &'static str,
    deep_link_scheme: &'static str,
    /// Display names of the owner, admin, technician and support agent, in [`ROLES`] order.
    staff: [&'static str; 4],
    /// Installers who appear in service history besides the staff technician.
    contractors: [&'static str; 2],
    /// Customers with a portal sign-in: the first customers of the tenant.
    linked_customers: [LinkedCustomer; 2],
    /// The customer after them has no sign-in, to demonstrate sign-up by customer number and phone.
    signup_customer: &'static str,
    towns: &'static [&'static str],
    roads: &'static [&'static str],
    towers: &'static [&'static str],
    /// The tower both outages are on; the linked customers are served from it.
    outage_tower: usize,
    open_outage: &'static Topic,
    past_outage: &'static Topic,
}

struct LinkedCustomer {
    name: &'static str,
    email: &'static str,
    signal_dbm: f64,
}

const ROLES: [StaffRole; 4] = [StaffRole::Owner, StaffRole::Admin, StaffRole::Technician, StaffRole::Support];
const OWNER: usize = 0;
const ADMIN: usize = 1;
const TECHNICIAN: usize = 2;
const SUPPORT: usize = 3;

fn ridgeline() -> Profile {
    Profile {
        id: "ridgeline",
        name: "Ridgeline Wireless",
        legal_name: "Ridgeline Wireless LLC",
        domain: "ridgeline.example",
        customer_prefix: "RW",
        first_customer_number: 1001,
        customer_email_domain: "example.com",
        management_net: 20,
        rng_seed: 1,
        colors: BrandColors {
            primary: "#1f5f3f".into(),
            secondary: "#57534e".into(),
            accent: "#c2410c".into(),
            background: "#ffffff".into(),
            text: "#1c1917".into(),
        },
        support_phone: "+1 555 010 0100",
        support_hours: "Mon–Fri 8 am–6 pm, Sat 9 am–1 pm (Mountain Time); outages are worked 24/7",
        welcome_message: "Welcome to Ridgeline Wireless support. Check for outages, follow your tickets and reach our \
                          team: we're local, and we pick up.",
        footer_text: "Ridgeline Wireless · Internet for the high country since 2012",
        deep_link_scheme: "ridgeline-portal",
        staff: ["Dana Whitfield", "Marcus Greene", "Eli Navarro", "Jess Park"],
        contractors: ["Cody Brandt", "Ray Delgado"],
        linked_customers: [
            LinkedCustomer { name: "Alex Demo", email: "alex.customer@example.com", signal_dbm: -58.0 },
            LinkedCustomer { name: "Jordan Demo", email: "jordan.customer@example.com", signal_dbm: -77.0 },
        ],
        signup_customer: "Taylor Signup",
        towns: &["Blue Fork", "Cedar Gap", "Pine Knob"],
        roads: &[
            "Eagle Ridge Rd",
            "Pine Knob Ln",
            "Blue Fork Hwy",
            "Cedar Gap Trl",
            "Hemlock Hollow Rd",
            "Old Quarry Rd",
            "Timberline Dr",
        ],
        towers: &["Tower 1 (Pine Knob)", "Tower 2 (Blue Fork)", "Tower 3 (Eagle Ridge)", "Cedar Gap relay"],
        outage_tower: 2,
        open_outage: &RIDGELINE_OPEN_OUTAGE,
        past_outage: &RIDGELINE_PAST_OUTAGE,
    }
}

fn prairie_sky() -> Profile {
    Profile {
        id: "prairie-sky",
        name: "Prairie Sky Net",
        legal_name: "Prairie Sky Net Cooperative",
        domain: "prairiesky.example",
        customer_prefix: "PS",
        first_customer_number: 2001,
        customer_email_domain: "example.net",
        management_net: 40,
        rng_seed: 2,
        colors: BrandColors {
            primary: "#1d4ed8".into(),
            secondary: "#854d0e".into(),
            accent: "#b45309".into(),
            background: "#fffbeb".into(),
            text: "#1e293b".into(),
        },
        support_phone: "+1 555 010 0200",
        support_hours: "Mon–Sat 7 am–7 pm (Central Time); outages are worked 24/7",
        welcome_message: "Howdy from Prairie Sky Net! See what's happening on the network, open a ticket, or find a \
                          quick fix in our FAQ.",
        footer_text: "Prairie Sky Net · Member-owned rural internet",
        deep_link_scheme: "prairiesky-portal",
        staff: ["Helen Sorensen", "Tom Okafor", "Luis Ortega", "Kim Baxter"],
        contractors: ["Plains Tower Services", "Wade Jensen"],
        linked_customers: [
            LinkedCustomer { name: "Sam Demo", email: "sam.customer@example.net", signal_dbm: -61.0 },
            LinkedCustomer { name: "Riley Demo", email: "riley.customer@example.net", signal_dbm: -70.0 },
        ],
        signup_customer: "Quinn Signup",
        towns: &["Millbrook", "Oak Flats", "Dry Creek"],
        roads: &[
            "County Road 9",
            "Section Line Rd",
            "Wheatfield Ave",
            "Meadowlark Ln",
            "Old Mill Rd",
            "Prairie Dog Trl",
        ],
        towers: &["Grain Elevator (Millbrook)", "Water Tower (Oak Flats)", "Big Sky Hill", "County Road 9 relay"],
        outage_tower: 0,
        open_outage: &PRAIRIE_OPEN_OUTAGE,
        past_outage: &PRAIRIE_PAST_OUTAGE,
    }
}

fn branding(p: &Profile) -> Branding {
    Branding {
        logo: BrandLogo { url: None, alt_text: format!("{} logo", p.name), favicon: None },
        colors: p.colors.clone(),
        company: BrandCompany {
            name: p.legal_name.into(),
            display_name: p.name.into(),
            support_email: format!("support@{}", p.domain),
            support_phone: p.support_phone.into(),
            support_hours: p.support_hours.into(),
            website: format!("https://{}", p.domain),
        },
        portal: BrandPortal {
            welcome_message: p.welcome_message.into(),
            footer_text: p.footer_text.into(),
            custom_css: String::new(),
            custom_domain: None,
        },
    }
}

fn settings(p: &Profile) -> TenantSettings {
    TenantSettings { deep_link_scheme: p.deep_link_scheme.into(), ..TenantSettings::default() }
}

/// (category, question, answer)
fn faq(p: &Profile) -> Vec<(&'static str, &'static str, String)> {
    let phone = p.support_phone;
    vec![
        (
            "Outages",
            "How do I know if there's an outage?",
            format!(
                "Open the Status page in this app: it lists every outage that affects your service, with updates from \
                 our team as we work on it. If nothing is listed and you're offline, open a ticket or call {phone}."
            ),
        ),
        (
            "Equipment",
            "How do I restart my equipment?",
            "Unplug the router and the small power adapter (PoE injector) for the outdoor radio. Wait 30 seconds, plug \
             the power adapter back in first, then the router, and give it 3 minutes before testing again."
                .into(),
        ),
        (
            "Equipment",
            "My dish looks crooked. Can I realign it myself?",
            "Please don't. The radio is aimed at our tower to within a few degrees, and climbing onto a roof is \
             dangerous. Open a ticket and a technician will realign it; there's no charge when wind or a storm moved it."
                .into(),
        ),
        (
            "Billing",
            "How does billing work?",
            format!(
                "Your plan is billed monthly in advance. Plan changes are prorated to the day, so the first bill after \
                 a change can differ from the usual amount. Questions about a bill? Open a ticket or call {phone}."
            ),
        ),
        (
            "Speed",
            "How do I run a proper speed test?",
            "Plug a computer into the router with a network cable, pause streaming and downloads, then run a test at \
             speedtest.net. A test over Wi-Fi measures your Wi-Fi, not your internet link. If the result is well below \
             your plan, send it to us in a ticket."
                .into(),
        ),
        (
            "Speed",
            "Why is my internet slower in the evening?",
            "Evenings are when everyone streams at once. If your speed drops far below your plan every evening, tell \
             us: we watch how busy each tower is and can move you to a quieter sector."
                .into(),
        ),
        (
            "Support",
            "When can I reach support?",
            format!(
                "{}. Call {phone} or e-mail support@{}. You can open a ticket in this app at any time.",
                p.support_hours, p.domain
            ),
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// Ticket topics: what a ticket is about and how the conversation on it goes
// ---------------------------------------------------------------------------------------------

struct Topic {
    title: &'static str,
    description: &'static str,
    kind: WorkOrderKind,
    priority: Priority,
    /// Support's first public reply.
    ack: &'static str,
    /// A question that puts the ticket in `waiting_on_customer`, and the customer's answer.
    question: Option<(&'static str, &'static str)>,
    /// Always starts with "Internal:", so a leak into a customer view is easy to spot.
    internal: &'static str,
    /// The public reply that resolves the ticket.
    resolution: &'static str,
}

static SLOW_EVENINGS: Topic = Topic {
    title: "Slow speeds in the evening",
    description: "Speed tests are fine during the day, but every evening from about 7 to 10 pm we drop to 3-5 Mbps \
                  and streaming keeps buffering.",
    kind: WorkOrderKind::Support,
    priority: Priority::Normal,
    ack: "Thanks for the report. Evening slowdowns usually mean a busy sector or a weak link; we're checking both \
          from our side now.",
    question: Some((
        "Could you run a speed test at speedtest.net around 8 pm tonight, with a computer plugged into the router by \
         cable, and send us the result?",
        "Ran it at 8:15 pm on the laptop with a cable: 4.2 down, 1.1 up. During the day it was 48 down.",
    )),
    internal: "Internal: Sector AP is at 85% airtime at peak. Customer is on legacy plan, check billing before \
               offering a sector move.",
    resolution: "We moved your radio to a less busy sector this afternoon. Evening speeds should now match your plan; \
                 let us know if they don't.",
};

static STORM_OUTAGE: Topic = Topic {
    title: "No connection after storm",
    description: "Internet went out during last night's thunderstorm and hasn't come back. The router lights are on \
                  but nothing loads.",
    kind: WorkOrderKind::Repair,
    priority: Priority::High,
    ack: "Sorry you're offline. We can't reach your radio from our network, so we're scheduling a technician to check \
          the outdoor equipment.",
    question: Some((
        "Is the small power adapter (PoE injector) for the roof radio showing a light? It's usually near the router, \
         with two network cables.",
        "No light on the adapter at all. I tried another outlet, same thing.",
    )),
    internal: "Internal: Likely a surge-killed PoE injector. Bring a spare injector and a surge protector; the \
               original install has no ground block.",
    resolution: "Our technician replaced the power adapter damaged by the storm and added surge protection. You're \
                 back online.",
};

static DISH_ALIGNMENT: Topic = Topic {
    title: "Dish knocked out of alignment",
    description: "High winds yesterday and the dish on the roof looks like it's pointing down. The connection keeps \
                  dropping.",
    kind: WorkOrderKind::Repair,
    priority: Priority::High,
    ack: "Thanks for the heads-up, and please don't climb up to adjust it yourself. We'll send a technician to re-aim \
          it safely.",
    question: Some((
        "Will someone be home tomorrow morning, or can our technician work from the yard without coming in?",
        "Nobody's home until noon, but the side gate is open and the ladder hooks are by the garage.",
    )),
    internal: "Internal: Signal dropped from -61 to -79 dBm at 3:12 pm yesterday. Mount is a J-arm on the chimney; \
               bring the long ladder.",
    resolution: "The dish is re-aimed and the mount tightened. Your signal is back to -60 dBm.",
};

static ROUTER_REBOOTS: Topic = Topic {
    title: "Router keeps rebooting",
    description: "Our router restarts itself several times a day. Everything drops for a couple of minutes each time.",
    kind: WorkOrderKind::Repair,
    priority: Priority::Normal,
    ack: "Thanks, we can see the router dropping off several times a day too. We're checking its logs remotely.",
    question: Some((
        "Is the router on a power strip together with other devices? A failing power supply can cause this.",
        "It's on a power strip with the TV and a space heater.",
    )),
    internal: "Internal: Router uptime never over 6 h and the crash log shows power loss. Send a replacement power \
               supply; the router is out of warranty.",
    resolution: "We've swapped the router's power supply, and it has now run for 48 hours without a restart.",
};

static MOVE_TO_BARN: Topic = Topic {
    title: "Request to move service to barn",
    description: "We're turning the barn into a workshop and want internet out there. Can you move the radio, or \
                  add one?",
    kind: WorkOrderKind::Installation,
    priority: Priority::Low,
    ack: "Happy to help! Moving the radio to the barn is usually a half-day job. We'll check the line of sight from \
          there first.",
    question: Some((
        "Is there power in the barn, and roughly how far is it from the house?",
        "Yes, there's power. It's about 150 feet from the house.",
    )),
    internal: "Internal: Barn roof has a clear view to the tower on the satellite photo. Quote the standard \
               relocation fee, waive the trip charge.",
    resolution: "Your radio is now on a mast on the barn with a cable run back to the house. Both buildings have a \
                 good signal.",
};

static RAIN_DROPS: Topic = Topic {
    title: "Connection drops when it rains",
    description: "Every time it rains hard the internet cuts out for a few minutes at a time.",
    kind: WorkOrderKind::Repair,
    priority: Priority::Normal,
    ack: "Thanks. Drops in rain usually point to a small signal margin or water in a connector. We're looking at \
          your signal history.",
    question: Some((
        "Do the drops also happen in fog or snow, or only in heavy rain?",
        "Mostly heavy rain. Last week's fog was fine.",
    )),
    internal: "Internal: Signal is -77 dBm on a dry day, so rain fade is expected. Swap in a higher-gain dish \
               rather than re-aiming.",
    resolution: "We installed a higher-gain dish. Your signal improved by 10 dB, which leaves plenty of margin for \
                 rain.",
};

static WIFI_UPSTAIRS: Topic = Topic {
    title: "Wi-Fi doesn't reach upstairs",
    description: "Speed is great next to the router but the upstairs bedrooms barely get any Wi-Fi.",
    kind: WorkOrderKind::Support,
    priority: Priority::Low,
    ack: "That sounds like Wi-Fi coverage inside the house rather than your internet link, which looks healthy. \
          Let's find the best fix.",
    question: Some((
        "Where is the router now: which floor and room?",
        "In the basement, in the utility room next to the water heater.",
    )),
    internal: "Internal: Customer asked about mesh units. Offer the mesh add-on at the promo price.",
    resolution: "We added a mesh access point on the second floor. The upstairs rooms now get full speed.",
};

static ROUTER_LOGIN: Topic = Topic {
    title: "Can't log in to router settings",
    description: "I want to change the Wi-Fi password but the router's settings page says my password is wrong.",
    kind: WorkOrderKind::Support,
    priority: Priority::Low,
    ack: "We can help with that. The router's admin password is not the same as the Wi-Fi password.",
    question: None,
    internal: "Internal: Router was installed before we set per-customer admin passwords. Reset it remotely and \
               give the customer the new one by phone.",
    resolution: "We reset the router's admin password and called you with the new one. You can now change the Wi-Fi \
                 password yourself.",
};

static BILLING_QUESTION: Topic = Topic {
    title: "Question about my last bill",
    description: "My last bill was $15 higher than usual. Did something change?",
    kind: WorkOrderKind::Support,
    priority: Priority::Low,
    ack: "Thanks for asking. We're looking at your account and will explain the difference.",
    question: None,
    internal: "Internal: The difference is the prorated charge for the plan change on the 12th. No billing error.",
    resolution: "The extra amount is the partial month of your plan change. Your next bill is the regular monthly \
                 price of your new plan.",
};

static PLAN_UPGRADE: Topic = Topic {
    title: "Upgrade to a faster plan",
    description: "The kids stream and I work from home now. What faster plans can we get at our address?",
    kind: WorkOrderKind::Support,
    priority: Priority::Normal,
    ack: "Great question! Your signal is strong enough for any of our plans. We'll confirm the options for you.",
    question: Some((
        "Would you like the change to take effect right away, or at the start of your next billing cycle?",
        "Right away, please.",
    )),
    internal: "Internal: Check sector capacity before upgrading; AP 3 is close to its limit.",
    resolution: "Your plan is upgraded. Restart your router and the new speed is active.",
};

static VIDEO_CALLS: Topic = Topic {
    title: "Video calls keep freezing",
    description: "Work video calls freeze for a few seconds every few minutes. Browsing seems fine.",
    kind: WorkOrderKind::Support,
    priority: Priority::Normal,
    ack: "Freezing calls usually mean short bursts of packet loss. We've started monitoring your connection closely.",
    question: Some((
        "Are you on Wi-Fi or a cable during the calls, and is anyone else streaming at the same time?",
        "Wi-Fi in the back office. My son is usually gaming at the same time.",
    )),
    internal: "Internal: No loss on the radio link; the loss is on the customer's Wi-Fi (channel 6 is crowded). \
               Suggest a cable to the office or the 5 GHz band.",
    resolution: "We moved your router to a quieter Wi-Fi channel and turned on prioritisation for video calls. Calls \
                 have been smooth since.",
};

static POE_LIGHT_OFF: Topic = Topic {
    title: "Power adapter light is off",
    description: "The little box that powers the roof antenna has no light and we have no internet.",
    kind: WorkOrderKind::Repair,
    priority: Priority::High,
    ack: "Thanks: that adapter powers your outdoor radio, so without it you're offline. We're sending a replacement.",
    question: None,
    internal: "Internal: Third PoE failure in this neighbourhood this month. Check the grounding on the newer \
               installs.",
    resolution: "We replaced the power adapter and your service is back up.",
};

static TREE_GROWTH: Topic = Topic {
    title: "Trees growing into the signal path",
    description: "Our signal has gotten worse since spring. The pines along the driveway have grown a lot.",
    kind: WorkOrderKind::Repair,
    priority: Priority::Normal,
    ack: "Thanks. Branches and leaves block wireless signals, so we'll check whether raising the radio solves it.",
    question: Some(("Would you be OK with us mounting a taller mast on the side of the house?", "Yes, that's fine.")),
    internal: "Internal: Needs a 10 ft mast extension. Customer is on legacy plan, check billing before dispatching.",
    resolution: "We raised your radio above the tree line on a taller mast. Your signal is strong again.",
};

static GAMING_LATENCY: Topic = Topic {
    title: "Ping spikes while gaming",
    description: "Ping jumps from 30 ms to over 300 ms during online games, mostly at night.",
    kind: WorkOrderKind::Support,
    priority: Priority::Normal,
    ack: "Thanks for the details. We're checking latency on your link and on your tower's backhaul.",
    question: Some((
        "Could you send us the time of the next spike you notice, so we can match it against our graphs?",
        "Last night at 9:40 pm and again at 10:05 pm.",
    )),
    internal: "Internal: Spikes line up with backhaul saturation at peak. The capacity upgrade is planned; don't \
               promise a date.",
    resolution: "We upgraded the link between your tower and our core network. Latency now stays low at peak hours.",
};

static SHOP_ACCESS_POINT: Topic = Topic {
    title: "Add Wi-Fi in the machine shop",
    description: "Can you add a second access point in the machine shop? It's about 80 feet from the house.",
    kind: WorkOrderKind::Installation,
    priority: Priority::Low,
    ack: "Sure! We'll work out the best way to bring Wi-Fi to your shop.",
    question: Some((
        "Is there an existing cable or conduit between the house and the shop?",
        "There's an empty conduit we put in when we built the shop.",
    )),
    internal: "Internal: Pull outdoor-rated cable through the conduit; no need for a wireless bridge.",
    resolution: "The shop now has its own access point, connected to your router by cable.",
};

static CUSTOMER_TOPICS: [&Topic; 15] = [
    &SLOW_EVENINGS,
    &STORM_OUTAGE,
    &DISH_ALIGNMENT,
    &ROUTER_REBOOTS,
    &MOVE_TO_BARN,
    &RAIN_DROPS,
    &WIFI_UPSTAIRS,
    &ROUTER_LOGIN,
    &BILLING_QUESTION,
    &PLAN_UPGRADE,
    &VIDEO_CALLS,
    &POE_LIGHT_OFF,
    &TREE_GROWTH,
    &GAMING_LATENCY,
    &SHOP_ACCESS_POINT,
];

/// Staff's own work on the network: no customer is attached.
static MAINTENANCE_TOPICS: [Topic; 4] = [
    Topic {
        title: "Replace battery bank in tower cabinet",
        description: "The backup batteries failed their load test. Replace them before storm season.",
        kind: WorkOrderKind::Maintenance,
        priority: Priority::Normal,
        ack: "Batteries ordered; the swap is booked for the next maintenance window.",
        question: None,
        internal: "Internal: Use the 100 Ah AGM units from the shop; old batteries go to the recycler.",
        resolution: "New batteries installed and the load test passed.",
    },
    Topic {
        title: "Firmware upgrade on sector access points",
        description: "The vendor fixed the memory leak behind the weekly AP reboots. Roll it out in the 2-4 am \
                      maintenance window.",
        kind: WorkOrderKind::Maintenance,
        priority: Priority::Normal,
        ack: "Upgrade scheduled for the next maintenance window.",
        question: None,
        internal: "Internal: Upgrade one sector first and watch it for a day before doing the rest.",
        resolution: "All sector APs run the new firmware; no reboots since.",
    },
    Topic {
        title: "Trim trees at the relay site",
        description: "Branches are getting close to the relay dish's path. Book the tree service.",
        kind: WorkOrderKind::Maintenance,
        priority: Priority::Low,
        ack: "Tree service booked.",
        question: None,
        internal: "Internal: Landowner wants 48 hours' notice before anyone drives up the track.",
        resolution: "Trees trimmed; the path is clear for at least two seasons.",
    },
    Topic {
        title: "Replace failing backhaul radio",
        description: "The backhaul link to the relay shows rising errors and 3 dB less signal than last month.",
        kind: WorkOrderKind::Maintenance,
        priority: Priority::High,
        ack: "Replacement radio on order.",
        question: None,
        internal: "Internal: Swap during the maintenance window; the relay's customers lose service for about 20 \
                   minutes.",
        resolution: "Backhaul radio replaced; errors are gone and the signal is back to normal.",
    },
];

/// The installation of a customer who signed up but is not connected yet.
static NEW_INSTALL: Topic = Topic {
    title: "New installation",
    description: "New customer: site survey done, line of sight confirmed. Schedule the installation.",
    kind: WorkOrderKind::Installation,
    priority: Priority::Normal,
    ack: "Welcome aboard! Your installation is booked, and our technician will call you the day before.",
    question: Some((
        "Will someone be home on the installation day to let our technician in?",
        "Yes, I'll be home all day.",
    )),
    internal: "Internal: Survey found a clear line of sight from the roof ridge; bring the 5 ft mast.",
    resolution: "Installation complete. Welcome to the network!",
};

static RIDGELINE_OPEN_OUTAGE: Topic = Topic {
    title: "Tower 3 (Eagle Ridge) backhaul down",
    description: "The microwave link between Eagle Ridge and our core network went down this morning. Customers \
                  served from Tower 3 have no internet.",
    kind: WorkOrderKind::Outage,
    priority: Priority::Urgent,
    ack: "We know about the outage for customers served from Eagle Ridge, and a crew is on the way. We'll post \
          updates here.",
    question: None,
    internal: "Internal: Backhaul radio unreachable but site power is fine, so suspect the radio itself. Take the \
               spare from the shop. The ridge road is washed out; use the 4x4.",
    resolution: "Service from Eagle Ridge is restored. Sorry for the interruption.",
};

static RIDGELINE_PAST_OUTAGE: Topic = Topic {
    title: "Tower 3 (Eagle Ridge) power failure",
    description: "Utility power at Eagle Ridge failed and the backup batteries ran flat after four hours.",
    kind: WorkOrderKind::Outage,
    priority: Priority::Urgent,
    ack: "We're aware of an outage for customers served from Eagle Ridge and are working on it.",
    question: None,
    internal: "Internal: Generator did not start (failed transfer switch). Order a new transfer switch.",
    resolution: "Power is back at Eagle Ridge and every customer is online again. Sorry for the interruption.",
};

static PRAIRIE_OPEN_OUTAGE: Topic = Topic {
    title: "North sector outage after lightning strike",
    description: "Lightning hit the Millbrook grain elevator site early this morning; the north sector access point \
                  is down.",
    kind: WorkOrderKind::Outage,
    priority: Priority::Urgent,
    ack: "A lightning strike knocked out our north sector in Millbrook. A crew is heading out with replacement \
          equipment; we'll post updates here.",
    question: None,
    internal: "Internal: Surge took out the north AP and maybe its switch port. Needs a climber: Plains Tower \
               Services booked for 11 am.",
    resolution: "The north sector is back online with new equipment. Thanks for your patience.",
};

static PRAIRIE_PAST_OUTAGE: Topic = Topic {
    title: "Millbrook tower offline after ice storm",
    description: "Ice on the backhaul dish at the Millbrook grain elevator dropped the link to our core network.",
    kind: WorkOrderKind::Outage,
    priority: Priority::Urgent,
    ack: "The ice storm has taken our Millbrook tower offline. We're on it.",
    question: None,
    internal: "Internal: Order radome covers for every backhaul dish before next winter.",
    resolution: "The ice is cleared and the Millbrook tower is back online.",
};

/// The linked customers' own tickets: one waiting for their answer, one being worked on, two done,
/// as (topic, days ago, status).
static LINKED_TICKETS: [[(&Topic, i64, WorkOrderStatus); 4]; 2] = [
    [
        (&SLOW_EVENINGS, 2, WorkOrderStatus::WaitingOnCustomer),
        (&ROUTER_REBOOTS, 5, WorkOrderStatus::InProgress),
        (&DISH_ALIGNMENT, 24, WorkOrderStatus::Resolved),
        (&BILLING_QUESTION, 70, WorkOrderStatus::Closed),
    ],
    [
        (&RAIN_DROPS, 3, WorkOrderStatus::WaitingOnCustomer),
        (&WIFI_UPSTAIRS, 6, WorkOrderStatus::Assigned),
        (&TREE_GROWTH, 35, WorkOrderStatus::Closed),
        (&PLAN_UPGRADE, 90, WorkOrderStatus::Closed),
    ],
];

// ---------------------------------------------------------------------------------------------
// Customers and their equipment
// ---------------------------------------------------------------------------------------------

struct Plan {
    name: &'static str,
    down_mbps: f64,
    up_mbps: f64,
    monthly_price_cents: i64,
    /// How common the plan is among demo customers.
    share: u32,
}

static PLANS: [Plan; 4] = [
    Plan { name: "Basic 25/5", down_mbps: 25.0, up_mbps: 5.0, monthly_price_cents: 4999, share: 30 },
    Plan { name: "Standard 50/10", down_mbps: 50.0, up_mbps: 10.0, monthly_price_cents: 6999, share: 40 },
    Plan { name: "Premium 100/20", down_mbps: 100.0, up_mbps: 20.0, monthly_price_cents: 8999, share: 20 },
    Plan { name: "Farm & Ranch 200/40", down_mbps: 200.0, up_mbps: 40.0, monthly_price_cents: 12999, share: 10 },
];

const FIRST_NAMES: [&str; 20] = [
    "Avery", "Blake", "Casey", "Dakota", "Emery", "Finley", "Harper", "Jesse", "Kendall", "Logan", "Morgan", "Parker",
    "Reese", "Rowan", "Sage", "Skyler", "Tatum", "Wren", "Bailey", "Marlow",
];
const LAST_NAMES: [&str; 20] = [
    "Aspenwood",
    "Birchfield",
    "Cedarly",
    "Dustbury",
    "Elmsworth",
    "Fernhill",
    "Glenbrook",
    "Hollowell",
    "Ironwood",
    "Juniperson",
    "Kestrelton",
    "Larkspur",
    "Meadowby",
    "Oakhurst",
    "Pinecrest",
    "Quarrytown",
    "Stonebrook",
    "Thistlewood",
    "Willowby",
    "Yarrowfield",
];

const RADIOS: [(&str, &str); 5] = [
    ("Ubiquiti", "LiteBeam 5AC Gen2"),
    ("Ubiquiti", "PowerBeam 5AC 500"),
    ("Cambium", "ePMP Force 300-25"),
    ("Cambium", "ePMP Force 300-19"),
    ("Mikrotik", "SXTsq 5 ac"),
];
const ROUTERS: [(&str, &str); 4] = [
    ("TP-Link", "Archer AX55"),
    ("Ubiquiti", "UniFi Express"),
    ("Mikrotik", "hAP ax2"),
    ("Netgear", "Nighthawk R6700"),
];

const REPAIRS: [&str; 5] = [
    "Replaced water-damaged PoE injector and sealed the outdoor connector",
    "Re-aimed dish after a wind storm; signal improved by 8 dB",
    "Replaced router with failing Wi-Fi radio",
    "Replaced UV-cracked outdoor cable from the roof to the house",
    "Added a surge protector and ground block after a lightning strike nearby",
];
const RELOCATIONS: [&str; 3] = [
    "Moved radio from the house roof to a mast on the barn for a clearer line of sight",
    "Moved radio to the other end of the roof, away from a new satellite dish",
    "Moved service to the new house on the same property",
];

struct Customer {
    id: String,
    number: String,
    name: String,
    email: Option<String>,
    phone: String,
    address: String,
    plan: &'static Plan,
    status: ServiceStatus,
    tower: usize,
    login: Option<Login>,
    since: i64,
    equipment: Vec<Equipment>,
    history: Vec<HistoryEntry>,
    /// The newest public event seq on any of their work orders.
    change_cursor: i64,
}

struct Login {
    uid: String,
    email: String,
}

struct Equipment {
    kind: &'static str,
    make: &'static str,
    model: &'static str,
    serial: String,
    mac: String,
    management_ip: String,
    signal_dbm: Option<f64>,
    installed_at: i64,
}

struct HistoryEntry {
    at: i64,
    kind: &'static str,
    summary: String,
    technician: &'static str,
}

impl Customer {
    /// The address the portal shows in `contact_email`, as the server does for portal tickets.
    fn contact_email(&self) -> Option<&str> {
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
struct Draft {
    topic: &'static Topic,
    priority: Priority,
    status: WorkOrderStatus,
    created_at: i64,
    /// The customer who opened it in the portal.
    reporter: Option<usize>,
    /// Customers staff attached: an outage's area, or the customer a phoned-in ticket is for.
    affected: Vec<usize>,
    site: Option<String>,
    /// The linked demo customers' tickets and the outages get every kind of comment, so the demo
    /// always has something to show.
    full_thread: bool,
}

impl Draft {
    /// The one customer the conversation is with, if there is one.
    fn customer(&self) -> Option<usize> {
        self.reporter.or(match self.affected.as_slice() {
            [only] => Some(*only),
            _ => None,
        })
    }
}

struct WorkOrder {
    id: String,
    number: i64,
    draft: Draft,
    assigned_to: Option<usize>,
    updated_at: i64,
    resolved_at: Option<i64>,
    version: i64,
    comments: Vec<Comment>,
    events: Vec<Event>,
}

impl WorkOrder {
    fn customers(&self) -> impl Iterator<Item = (usize, CustomerRelation)> + '_ {
        let reporter = self.draft.reporter.map(|c| (c, CustomerRelation::Reporter));
        reporter.into_iter().chain(self.draft.affected.iter().map(|&c| (c, CustomerRelation::Affected)))
    }
}

#[derive(Clone, Copy)]
enum Author {
    Staff(usize),
    Customer(usize),
}

struct Comment {
    author: Author,
    body: &'static str,
    visibility: Visibility,
    at: i64,
}

struct Event {
    seq: i64,
    kind: EventKind,
    visibility: Visibility,
    actor: AuthorKind,
    summary: String,
    at: i64,
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

struct Staff {
    id: String,
    uid: String,
    email: String,
    name: &'static str,
    role: StaffRole,
}

struct DemoTenant {
    profile: Profile,
    generated_at: i64,
    /// When the WISP started using the portal.
    created_at: i64,
    staff: Vec<Staff>,
    customers: Vec<Customer>,
    work_orders: Vec<WorkOrder>,
    event_seq: i64,
}

fn generate(profile: Profile, now: i64) -> DemoTenant {
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
    fn signup_customer(&self) -> &Customer {
        &self.customers[self.profile.linked_customers.len()]
    }

    fn comment_count(&self) -> usize {
        self.work_orders.iter().map(|w| w.comments.len()).sum()
    }
}

// ---------------------------------------------------------------------------------------------
// Writing to the database
// ---------------------------------------------------------------------------------------------

/// Starts from an empty, migrated database.
async fn reset_database(config: &Config) -> anyhow::Result<Db> {
    delete_if_present(&config.data_dir.join("attachments"))?;
    if let Some(file) = sqlite_file(&config.database_url) {
        for path in [suffixed(&file, "-wal"), suffixed(&file, "-shm"), file] {
            delete_if_present(&path)?;
        }
        return Db::connect(&config.database_url).await;
    }
    let db = Db::connect(&config.database_url).await?;
    if db.engine() == Engine::Postgres {
        empty_postgres(&db).await?;
    }
    Ok(db)
}

/// The database file of a `sqlite:` URL; `None` for other engines and in-memory databases.
fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn delete_if_present(path: &Path) -> anyhow::Result<()> {
    let outcome = if path.is_dir() { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) };
    match outcome {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
            Err(err).with_context(|| format!("cannot delete {}", path.display()))
        }
        _ => Ok(()),
    }
}

/// Empties every table except the migration history and the server's generated key: other
/// instances sharing the database keep using that key.
async fn empty_postgres(db: &Db) -> anyhow::Result<()> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT tablename::text FROM pg_tables
         WHERE schemaname = current_schema() AND tablename NOT IN ('_sqlx_migrations', 'server_secrets')",
    )
    .fetch_all(db.pool())
    .await?;
    if !tables.is_empty() {
        let list = tables.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(", ");
        sqlx::query(&format!("TRUNCATE {list} CASCADE"))
            .execute(db.pool())
            .await
            .context("cannot empty the database")?;
    }
    Ok(())
}

async fn write_tenant(db: &Db, t: &DemoTenant) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    insert_tenant(&mut tx, t).await?;
    for staff in &t.staff {
        insert_staff(&mut tx, t, staff).await?;
    }
    for customer in &t.customers {
        insert_customer(&mut tx, t, customer).await?;
    }
    for wo in &t.work_orders {
        insert_work_order(&mut tx, t, wo).await?;
    }
    insert_faq(&mut tx, t).await?;
    tx.commit().await?;
    Ok(())
}

async fn insert_tenant(tx: &mut Tx, t: &DemoTenant) -> anyhow::Result<()> {
    let p = &t.profile;
    let branding = serde_json::to_string(&branding(p))?;
    sqlx::query(
        "INSERT INTO tenants (id, slug, name, branding, branding_version, settings, event_seq, work_order_seq, created_at)
         VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8)",
    )
    .bind(p.id)
    .bind(p.id)
    .bind(p.name)
    .bind(&branding)
    .bind(serde_json::to_string(&settings(p))?)
    .bind(t.event_seq)
    .bind(t.work_orders.len() as i64)
    .bind(t.created_at)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO branding_versions (tenant_id, version, branding, published_by, published_at) VALUES ($1, 1, $2, $3, $4)",
    )
    .bind(p.id)
    .bind(&branding)
    .bind(&t.staff[OWNER].id)
    .bind(t.created_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_staff(tx: &mut Tx, t: &DemoTenant, s: &Staff) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO staff_members (id, tenant_id, firebase_uid, email, display_name, role, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&s.id)
    .bind(t.profile.id)
    .bind(&s.uid)
    .bind(&s.email)
    .bind(s.name)
    .bind(s.role.as_str())
    .bind(t.created_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_customer(tx: &mut Tx, t: &DemoTenant, c: &Customer) -> sqlx::Result<()> {
    let tenant_id = t.profile.id;
    // The linked customers created their portal account a while ago and use it.
    let signed_up = c.login.as_ref().map(|_| c.since + 30 * DAY);
    let last_login = c.login.as_ref().map(|_| t.generated_at - 20 * HOUR);
    let account_status = if c.login.is_some() { "active" } else { "pending" };
    sqlx::query(
        "INSERT INTO customers (id, tenant_id, customer_number, name, email, phone, service_address, plan_name,
            plan_down_mbps, plan_up_mbps, plan_monthly_price_cents, service_status, firebase_uid, login_email,
            account_created_at, last_login_at, account_status, portal_enabled, change_cursor, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)",
    )
    .bind(&c.id)
    .bind(tenant_id)
    .bind(&c.number)
    .bind(&c.name)
    .bind(c.email.as_deref())
    .bind(&c.phone)
    .bind(&c.address)
    .bind(c.plan.name)
    .bind(c.plan.down_mbps)
    .bind(c.plan.up_mbps)
    .bind(c.plan.monthly_price_cents)
    .bind(c.status.as_str())
    .bind(c.login.as_ref().map(|l| l.uid.as_str()))
    .bind(c.login.as_ref().map(|l| l.email.as_str()))
    .bind(signed_up)
    .bind(last_login)
    .bind(account_status)
    .bind(flag(true))
    .bind(c.change_cursor)
    .bind(c.since)
    .bind(c.history.last().map_or(c.since, |h| h.at))
    .execute(&mut **tx)
    .await?;
    for e in &c.equipment {
        sqlx::query(
            "INSERT INTO equipment (id, tenant_id, customer_id, kind, make, model, serial, mac, management_ip, signal_dbm, installed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(new_id())
        .bind(tenant_id)
        .bind(&c.id)
        .bind(e.kind)
        .bind(e.make)
        .bind(e.model)
        .bind(&e.serial)
        .bind(&e.mac)
        .bind(&e.management_ip)
        .bind(e.signal_dbm)
        .bind(e.installed_at)
        .execute(&mut **tx)
        .await?;
    }
    for h in &c.history {
        sqlx::query(
            "INSERT INTO service_events (id, tenant_id, customer_id, at, kind, summary, technician) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(new_id())
        .bind(tenant_id)
        .bind(&c.id)
        .bind(h.at)
        .bind(h.kind)
        .bind(&h.summary)
        .bind(h.technician)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn insert_work_order(tx: &mut Tx, t: &DemoTenant, wo: &WorkOrder) -> sqlx::Result<()> {
    let tenant_id = t.profile.id;
    let draft = &wo.draft;
    let contact = draft.customer().map(|c| &t.customers[c]);
    sqlx::query(
        "INSERT INTO work_orders (id, tenant_id, number, title, description, kind, priority, status,
            customer_reported, reported_by_customer_id, contact_name, contact_email, contact_phone, site, assigned_to,
            created_at, updated_at, resolved_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
    )
    .bind(&wo.id)
    .bind(tenant_id)
    .bind(wo.number)
    .bind(draft.topic.title)
    .bind(draft.topic.description)
    .bind(draft.topic.kind.as_str())
    .bind(draft.priority.as_str())
    .bind(draft.status.as_str())
    .bind(flag(draft.reporter.is_some()))
    .bind(draft.reporter.map(|c| t.customers[c].id.as_str()))
    .bind(contact.map(|c| c.name.as_str()))
    .bind(contact.and_then(Customer::contact_email))
    .bind(contact.map(|c| c.phone.as_str()))
    .bind(draft.site.as_deref())
    .bind(wo.assigned_to.map(|s| t.staff[s].id.as_str()))
    .bind(draft.created_at)
    .bind(wo.updated_at)
    .bind(wo.resolved_at)
    .bind(wo.version)
    .execute(&mut **tx)
    .await?;
    for (c, relation) in wo.customers() {
        sqlx::query(
            "INSERT INTO work_order_customers (work_order_id, customer_id, tenant_id, relation, work_order_created_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&wo.id)
        .bind(&t.customers[c].id)
        .bind(tenant_id)
        .bind(relation.as_str())
        .bind(draft.created_at)
        .execute(&mut **tx)
        .await?;
    }
    for comment in &wo.comments {
        let (kind, author_id, author_name) = match comment.author {
            Author::Staff(s) => (AuthorKind::Staff, &t.staff[s].id, t.staff[s].name),
            Author::Customer(c) => (AuthorKind::Customer, &t.customers[c].id, t.customers[c].name.as_str()),
        };
        sqlx::query(
            "INSERT INTO comments (id, tenant_id, work_order_id, author_kind, author_id, author_name, body, visibility, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(new_id())
        .bind(tenant_id)
        .bind(&wo.id)
        .bind(kind.as_str())
        .bind(author_id)
        .bind(author_name)
        .bind(comment.body)
        .bind(comment.visibility.as_str())
        .bind(comment.at)
        .execute(&mut **tx)
        .await?;
    }
    for e in &wo.events {
        sqlx::query(
            "INSERT INTO ticket_events (tenant_id, seq, work_order_id, kind, visibility, actor_kind, summary, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(tenant_id)
        .bind(e.seq)
        .bind(&wo.id)
        .bind(e.kind.as_str())
        .bind(e.visibility.as_str())
        .bind(e.actor.as_str())
        .bind(&e.summary)
        .bind(e.at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn insert_faq(tx: &mut Tx, t: &DemoTenant) -> sqlx::Result<()> {
    for (position, (category, question, answer)) in faq(&t.profile).into_iter().enumerate() {
        sqlx::query(
            "INSERT INTO faq_entries (id, tenant_id, question, answer, category, position, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
        )
        .bind(new_id())
        .bind(t.profile.id)
        .bind(question)
        .bind(&answer)
        .bind(category)
        .bind(position as i64 * 10)
        .bind(t.created_at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Firebase Auth emulator
// ---------------------------------------------------------------------------------------------

struct DemoLogin {
    tenant_id: &'static str,
    role: &'static str,
    uid: String,
    email: String,
    name: String,
}

fn demo_logins(tenants: &[DemoTenant]) -> Vec<DemoLogin> {
    let mut logins = Vec::new();
    for t in tenants {
        for s in &t.staff {
            logins.push(DemoLogin {
                tenant_id: t.profile.id,
                role: s.role.as_str(),
                uid: s.uid.clone(),
                email: s.email.clone(),
                name: s.name.to_string(),
            });
        }
        for c in &t.customers {
            if let Some(login) = &c.login {
                logins.push(DemoLogin {
                    tenant_id: t.profile.id,
                    role: "customer",
                    uid: login.uid.clone(),
                    email: login.email.clone(),
                    name: format!("{} ({})", c.name, c.number),
                });
            }
        }
    }
    logins
}

/// The emulator's admin REST API. With the `Bearer owner` token it accepts a chosen uid, so the
/// database rows and the users agree without reading anything back.
struct AuthEmulator {
    http: reqwest::Client,
    host: String,
    base: String,
}

impl AuthEmulator {
    fn new(host: &str, project_id: &str) -> AuthEmulator {
        let host = host.trim_start_matches("http://").trim_end_matches('/').to_string();
        AuthEmulator {
            http: reqwest::Client::builder().timeout(Duration::from_secs(15)).build().unwrap_or_default(),
            base: format!("http://{host}/identitytoolkit.googleapis.com/v1/projects/{project_id}"),
            host,
        }
    }

    async fn call(&self, method: &str, body: Value) -> anyhow::Result<Value> {
        let response = self
            .http
            .post(format!("{}/{method}", self.base))
            .bearer_auth("owner")
            .json(&body)
            .send()
            .await
            .with_context(|| format!("cannot reach the Firebase Auth emulator at {}: is it running?", self.host))?;
        let status = response.status();
        let answer: Value =
            response.json().await.with_context(|| format!("the Auth emulator's answer to {method} is not JSON"))?;
        if !status.is_success() {
            bail!("the Auth emulator refused {method} ({status}): {}", answer["error"]["message"]);
        }
        Ok(answer)
    }

    /// Removes whatever holds the demo uids or e-mails (an earlier run, or a sign-up made during a
    /// demo), then creates the users afresh, so running the seed again always works.
    async fn replace_users(&self, logins: &[DemoLogin]) -> anyhow::Result<()> {
        let emails: Vec<&str> = logins.iter().map(|l| l.email.as_str()).collect();
        let existing = self.call("accounts:lookup", json!({ "email": emails })).await?;
        let mut stale: Vec<String> = existing["users"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|user| user["localId"].as_str().map(String::from))
            .chain(logins.iter().map(|l| l.uid.clone()))
            .collect();
        stale.sort();
        stale.dedup();
        self.call("accounts:batchDelete", json!({ "localIds": stale, "force": true })).await?;
        for login in logins {
            self.call(
                "accounts",
                json!({
                    "localId": login.uid,
                    "email": login.email,
                    "password": DEMO_PASSWORD,
                    "displayName": login.name,
                    "emailVerified": true,
                }),
            )
            .await
            .with_context(|| format!("cannot create the demo user {}", login.email))?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------------------------

fn print_summary(tenants: &[DemoTenant], logins: &[DemoLogin], engine: Engine, took: Duration) {
    println!();
    println!("Demo data ready on {} in {:.2} s.", engine.name(), took.as_secs_f64());
    println!();
    println!("Sign in (every password is {DEMO_PASSWORD}):");
    println!("  {:<12} {:<11} {:<30} name", "tenant", "role", "e-mail");
    for l in logins {
        println!("  {:<12} {:<11} {:<30} {}", l.tenant_id, l.role, l.email, l.name);
    }
    println!();
    println!("Sign up (no account yet; verify with customer number and phone):");
    println!("  {:<12} {:<11} {:<16} name", "tenant", "customer", "phone");
    for t in tenants {
        let c = t.signup_customer();
        println!("  {:<12} {:<11} {:<16} {}", t.profile.id, c.number, c.phone, c.name);
    }
    println!();
    println!("  {:<12} {:>9} {:>11} {:>8} {:>7}", "tenant", "customers", "work orders", "comments", "events");
    for t in tenants {
        println!(
            "  {:<12} {:>9} {:>11} {:>8} {:>7}",
            t.profile.id,
            t.customers.len(),
            t.work_orders.len(),
            t.comment_count(),
            t.event_seq
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tenants::branding::contrast_ratio;

    #[test]
    fn brand_colours_meet_wcag_aa_on_their_background() {
        for profile in [ridgeline(), prairie_sky()] {
            let c = &profile.colors;
            for colour in [&c.text, &c.primary, &c.secondary, &c.accent] {
                let ratio = contrast_ratio(colour, &c.background);
                assert!(ratio >= 4.5, "{} {colour} on {}: {ratio:.2}", profile.id, c.background);
            }
            // Buttons put white text on the primary and accent colours.
            for colour in [&c.primary, &c.accent] {
                assert!(contrast_ratio(colour, "#ffffff") >= 4.5, "{} white on {colour}", profile.id);
            }
        }
    }

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
