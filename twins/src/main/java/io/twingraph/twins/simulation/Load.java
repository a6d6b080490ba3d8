package io.twingraph.twins.simulation;

/** What is plugged into a smart plug: how much it draws, step by step. */
interface Load {
    /**
     * Advances the appliance by one step.
     *
     * @param powered whether the plug supplies power; an unpowered appliance pauses (and resumes when powered again)
     * @return the power drawn during the step, W (0 when unpowered)
     */
    double step(Moment moment, double dtSeconds, boolean powered);
}
