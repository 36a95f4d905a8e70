/// The functional core of an event-sourced aggregate.
///
/// A decider turns a command into new events given the current state
/// (`decide`), and folds events into state (`evolve`). `decide` is where every
/// invariant is enforced; `evolve` never fails, because events are facts that
/// already happened.
public protocol Decider {
    /// The state rebuilt from a stream's events.
    associatedtype State: Sendable
    /// The intentions the decider accepts.
    associatedtype Command: Sendable
    /// The facts the decider emits and folds.
    associatedtype Event: Sendable
    /// Why a command was rejected.
    associatedtype Failure: Error

    /// The state of a stream with no events.
    static var initialState: State { get }

    /// Decides which events a command produces in `state`, or rejects it.
    /// - Parameters:
    ///   - command: what the caller wants to happen.
    ///   - state: the current state of the stream.
    /// - Returns: the new events, possibly none (an idempotent no-op).
    static func decide(_ command: Command, state: State) throws(Failure) -> [Event]

    /// Applies one event to a state.
    /// - Parameters:
    ///   - state: the state before the event.
    ///   - event: the event to apply.
    /// - Returns: the state after the event.
    static func evolve(_ state: State, _ event: Event) -> State
}

extension Decider {
    /// Rebuilds state by applying `events` in order, starting from `state`
    /// (`initialState` by default, or a snapshot's state).
    /// - Parameters:
    ///   - events: the events, in stream order.
    ///   - state: the state to start from.
    public static func fold<Events: Sequence>(
        _ events: Events, from state: State = initialState
    ) -> State where Events.Element == Event {
        events.reduce(state, evolve)
    }

    /// Rebuilds state from envelopes, in stream order.
    /// - Parameters:
    ///   - envelopes: the envelopes, in stream order.
    ///   - state: the state to start from.
    public static func fold<Envelopes: Sequence>(
        envelopes: Envelopes, from state: State = initialState
    ) -> State where Envelopes.Element == EventEnvelope<Event> {
        envelopes.reduce(state) { evolve($0, $1.payload) }
    }

    /// Decides and immediately evolves: the events a command produces and the
    /// state after them.
    /// - Parameters:
    ///   - command: what the caller wants to happen.
    ///   - state: the current state.
    public static func handle(
        _ command: Command, state: State
    ) throws(Failure) -> (events: [Event], state: State) {
        let events = try decide(command, state: state)
        return (events, fold(events, from: state))
    }
}
