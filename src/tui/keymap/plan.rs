//! The table, part 3: the letters of the planning phases 7–10 (each phase its own; a
//! card row's label names its letter, e.g. `Level override (l)`, so they are fixed).

use super::table::{Flags, bind};
use super::{Act, Binding, Context, Key};
use crate::analysis::gaps::GapRule as G;
use crate::tui::phases::plan::PlanKey as K;

fn b(phase: u8, c: char, help: &'static str, key: K) -> Binding {
    bind(
        Context::Plan(phase),
        Act::Plan(key),
        &[Key::ch(c)],
        help,
        true,
    )
}

pub(super) fn bindings() -> Vec<Binding> {
    vec![
        b(7, 'a', "Adopt the catalog mitigation", K::Adopt).hint(),
        b(7, 'n', "New custom mitigation", K::NewMitigation),
        b(7, 's', "Cycle status", K::CycleStatus).hint(),
        b(7, 'i', "Cycle implementation", K::CycleImplementation).hint(),
        b(7, 'v', "Cycle coverage", K::CycleCoverage),
        b(7, 'e', "Cycle effectiveness", K::CycleEffectiveness),
        b(7, 'o', "Cycle cost", K::CycleCost),
        b(7, 't', "Cycle type (custom)", K::CycleKind),
        b(7, 'w', "Edit owner", K::EditOwner),
        b(7, 'd', "Edit description", K::EditDescription),
        b(
            7,
            'F',
            "Open the mitigation card form",
            K::OpenMitigationForm,
        ),
        b(7, 'N', "Gap: no mitigation", K::Gap(G::NoMitigation)),
        b(
            7,
            'P',
            "Gap: Critical w/o Preventive",
            K::Gap(G::CriticalWithoutPreventive),
        ),
        b(
            7,
            'D',
            "Gap: Crit/High w/o Detective",
            K::Gap(G::WithoutDetective),
        )
        .shadows(), // not D discover
        b(
            7,
            'S',
            "Gap: single mitigation",
            K::Gap(G::SingleMitigation),
        ),
        b(7, 'E', "Gap: defense in depth", K::Gap(G::DefenseInDepth)),
        b(
            7,
            'O',
            "Gap: accepted risk without owner",
            K::Gap(G::AcceptedWithoutOwner),
        ),
        b(7, 'R', "Priority ranking", K::Ranking),
        b(8, 'A', "Cycle source access gate", K::CycleGate)
            .hint()
            .shadows(), // not A assumptions
        b(8, 'r', "Set the source root", K::SourceRoot)
            .hint()
            .shadows(), // not r register
        b(8, 'f', "Search evidence", K::Search).hint(),
        b(
            8,
            'C',
            "Run the code checks (discovery rules)",
            K::CodeChecks,
        ),
        b(8, 'y', "Confirm candidate as evidence", K::Confirm).hint(),
        b(8, 'x', "Reject candidate", K::Reject),
        b(8, 'i', "Cycle finding", K::CycleFinding).hint(),
        b(
            8,
            'P',
            "Cycle remediation priority",
            K::CycleFindingPriority,
        ),
        b(8, 'T', "Cycle test coverage", K::CycleTestCoverage),
        b(9, 'd', "Cycle disposition", K::CycleDisposition).hint(),
        b(
            9,
            'l',
            "Cycle residual level override",
            K::CycleLevelOverride,
        )
        .shadows(), // not l right
        b(9, 'p', "Use proposed review date", K::ProposeReview).hint(),
        b(10, 'a', "Accept roadmap proposal", K::AcceptProposal).hint(),
        b(10, 'n', "New update trigger", K::NewTrigger),
        b(10, 'o', "Cycle horizon", K::CycleHorizon),
        b(10, 'e', "Cycle effort", K::CycleEffort),
        b(10, 'p', "Cycle overall risk posture", K::CyclePosture),
        b(10, 'I', "Toggle AI-assisted analysis", K::ToggleAiAssisted),
        b(10, 's', "Cycle roadmap status", K::CycleRoadmapStatus),
        b(10, 'f', "Cycle export format", K::CycleFormat),
        b(10, 'x', "Export the report", K::Export).hint(),
    ]
}
