package io.twingraph.nl.home;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.things.model.ThingId;

import io.twingraph.twins.policy.ThingAccess;

/**
 * The home as one speaker may see it: the devices their policies let them read, each with only the properties they
 * may read. A device they may not read is not in it, so its name is as unknown as a missing device's. The last few
 * views are kept, so that a speaker's next sentence gets the same {@link Home} (and its name index) again.
 */
public final class VisibleHomes {
    private static final int KEPT = 16;

    private final Map<List<HomeDevice>, Home> recent = new LinkedHashMap<>(KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<HomeDevice>, Home> eldest) {
            return size() > KEPT;
        }
    };
    private Home base;

    /** {@code home} itself for unrestricted speakers and for speakers who may read all of it. */
    public synchronized Home of(Home home, ThingAccess access) {
        if (access.isUnrestricted()) {
            return home;
        }
        List<HomeDevice> visible = new ArrayList<>(home.devices().size());
        for (HomeDevice device : home.devices()) {
            HomeDevice seen = visible(device, access);
            if (seen != null) {
                visible.add(seen);
            }
        }
        if (visible.equals(home.devices())) {
            return home;
        }
        if (base != home) {
            recent.clear();
            base = home;
        }
        return recent.computeIfAbsent(visible, devices -> new Home(devices, home.areas(), home.floors()));
    }

    private static HomeDevice visible(HomeDevice device, ThingAccess access) {
        ThingId id = ThingId.of(device.id());
        if (access.canReadAll(id, JsonPointer.empty())) {
            return device;
        }
        if (!access.canRead(id, JsonPointer.empty())) {
            return null;
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        device.properties().forEach((key, value) -> {
            if (access.canRead(id, propertyPath(key))) {
                properties.put(key, value);
            }
        });
        return new HomeDevice(device.id(), device.iri(), device.name(), device.aliases(), device.kind(),
                device.deviceClass(), device.area(), properties);
    }

    /** {@code light/on} is {@code /features/light/properties/on}. */
    public static JsonPointer propertyPath(String key) {
        int slash = key.indexOf('/');
        return JsonPointer.of("/features/" + key.substring(0, slash) + "/properties/" + key.substring(slash + 1));
    }
}
