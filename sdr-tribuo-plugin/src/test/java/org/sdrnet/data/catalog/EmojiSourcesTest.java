package org.sdrnet.data.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.DataException;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.TestImages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** P4 and D4 on the fetched emoji packages, and their error handling on small fake packages. */
class EmojiSourcesTest {

    /** Emoji per category in emoji-datasource 16.0.0 after dropping Component and Flags. */
    private static final Map<String, Integer> D4_CATEGORIES = new TreeMap<>(Map.of(
            "Activities", 85, "Animals & Nature", 159, "Food & Drink", 131, "Objects", 264,
            "People & Body", 386, "Smileys & Emotion", 169, "Symbols", 224, "Travel & Places", 218));

    @TempDir
    Path tmp;

    private static Map<String, Long> byCategory(List<EmojiIndex.Emoji> emoji) {
        return emoji.stream().collect(Collectors.groupingBy(EmojiIndex.Emoji::category, TreeMap::new, Collectors.counting()));
    }

    @Test
    void fullSplitIsStratifiedSeventyThirtyByEmojiAcrossVendors() {
        Path google = RealData.require("emoji-google");
        Path twitter = RealData.require("emoji-twitter");
        EmojiSources.TaskPlan plan = EmojiSources.taskPlan(google, twitter, Preset.FULL, EmojiSources.DEFAULT_SPLIT_SEED, 1);
        assertEquals(List.copyOf(D4_CATEGORIES.keySet()), plan.classNames());
        assertEquals(0, plan.missingGoogle());
        assertEquals(0, plan.missingTwitter());
        Map<String, Long> train = byCategory(plan.train());
        Map<String, Long> test = byCategory(plan.test());
        D4_CATEGORIES.forEach((c, n) -> {
            long nTest = Math.round(n * EmojiSources.TEST_FRACTION);
            assertEquals(nTest, test.get(c), c);
            assertEquals(n - nTest, train.get(c), c);
        });
        Set<String> trainImages = plan.train().stream().map(EmojiIndex.Emoji::image).collect(Collectors.toSet());
        Set<String> overlap = new HashSet<>();
        plan.test().forEach(e -> { if (trainImages.contains(e.image())) overlap.add(e.image()); });
        assertTrue(overlap.isEmpty(), "emoji in both train and test: " + overlap);
        assertEquals(1636, plan.train().size() + plan.test().size());
    }

    @Test
    void tinyTaskAndPoolHaveThePresetsSizesAndRepeatForASeed() {
        DataPaths paths = RealData.paths();
        DownstreamTask task = EmojiSources.task().load(paths, Preset.TINY, 11);
        ImageSet train = task.splits().get(0).train();
        ImageSet test = task.splits().get(0).test();
        assertEquals(8, train.numClasses());
        assertArrayEquals(new int[] {20, 20, 20, 20, 20, 20, 20, 20}, train.classHistogram());
        assertEquals(Preset.TINY.maxTest(), test.size());
        assertEquals(3, test.channels());
        assertEquals(32, test.imageSize());
        // Proportional cap: People & Body (386 of 1636) keeps about 24 % of the 200 test images.
        assertEquals(Math.round(200 * 116.0 / 491), test.classHistogram()[4], 1);
        assertEquals(train.fingerprint(), EmojiSources.task().load(paths, Preset.TINY, 11).splits().get(0).train().fingerprint());

        ImageSet pool = EmojiSources.pool().load(paths, Preset.TINY, 11);
        assertEquals(200, pool.size());
        assertEquals(3, pool.channels());
        assertEquals(10, pool.numClasses(), "pool labels: all 10 categories, for analysis");
        assertEquals(pool.fingerprint(), EmojiSources.pool().load(paths, Preset.TINY, 11).fingerprint());
        assertNotEquals(pool.fingerprint(), EmojiSources.pool().load(paths, Preset.TINY, 12).fingerprint());
        try (var files = Files.list(EmojiSources.pngs(RealData.require("emoji-google")))) {
            assertEquals(3786, files.count(), "Google PNGs: 1911 emoji + 1875 skin-tone variations");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void missingAndCorruptPngsAreSkippedAndCounted() throws IOException {
        Path google = tmp.resolve("emoji-google");
        Path twitter = tmp.resolve("emoji-twitter");
        StringBuilder json = new StringBuilder("[");
        String[] cats = {"Animals & Nature", "Objects", "Flags", "Component"};
        for (int i = 0; i < 40; i++) {
            String cat = cats[i % 4];
            String img = String.format("e%02d.png", i);
            json.append(i == 0 ? "" : ",").append("{\"image\":\"").append(img).append("\",\"category\":\"")
                    .append(cat).append("\",\"subcategory\":\"x\",\"sort_order\":").append(i).append('}');
            TestImages.solidPng(EmojiSources.pngs(google).resolve(img), 64, 64, 0x80FF0000 | i);
            if (i % 4 != 0 || i > 28 || i == 0) { // 7 of the 10 Animals emoji lack a Twitter PNG
                TestImages.solidPng(EmojiSources.pngs(twitter).resolve(img), 64, 64, 0xFF00FF00 | i);
            }
        }
        Files.writeString(google.resolve("emoji.json"), json.append(']'));
        TestImages.markComplete(google);
        TestImages.markComplete(twitter);
        // Replace every Google PNG of the Objects class with garbage but one: they are skipped at decode time.
        for (int i = 5; i < 40; i += 4) {
            TestImages.corruptPng(EmojiSources.pngs(google).resolve(String.format("e%02d.png", i)));
        }

        EmojiSources.TaskPlan plan = EmojiSources.taskPlan(google, twitter, Preset.FULL, 1, 1);
        assertEquals(List.of("Animals & Nature", "Objects"), plan.classNames());
        // Of the 3 Animals test emoji at least one is among the 7 without a Twitter PNG: counted, not kept.
        Set<String> noTwitter = Set.of("e04.png", "e08.png", "e12.png", "e16.png", "e20.png", "e24.png", "e28.png");
        long missingInTest = noTwitter.stream().filter(img ->
                !plan.train().stream().map(EmojiIndex.Emoji::image).toList().contains(img)).count();
        assertTrue(missingInTest >= 1);
        assertEquals(missingInTest, plan.missingTwitter());
        assertTrue(plan.test().stream().noneMatch(e -> noTwitter.contains(e.image())));
        assertEquals(20 - missingInTest, plan.train().size() + plan.test().size());

        DownstreamTask task = EmojiSources.task(1).load(DataPaths.at(tmp), Preset.FULL, 1);
        ImageSet train = task.splits().get(0).train();
        long objectsTrain = plan.train().stream().filter(e -> e.category().equals("Objects")).count();
        // Only e01 of the Objects emoji decodes on the Google side.
        int objectsKept = plan.train().stream().anyMatch(e -> e.image().equals("e01.png")) ? 1 : 0;
        assertEquals(plan.train().size() - objectsTrain + objectsKept, train.size());

        ImageSet pool = EmojiSources.loadPool(google, 50, 3);
        assertEquals(50, pool.size(), "renders cycle over the 31 readable files");
        // Alpha 0x80 red over white: (255, 128, 128) everywhere in the crop.
        assertEquals(255, pool.pixel(0, 0, 5, 5));
        assertEquals(127, pool.pixel(0, 1, 5, 5), 1);
    }

    @Test
    void anUnfetchedSetNamesTheFetchScript() {
        DataException e = assertThrows(DataException.class,
                () -> EmojiSources.task().load(DataPaths.at(tmp), Preset.TINY, 1));
        assertTrue(e.getMessage().contains("emoji-google") && e.getMessage().contains("fetch-data.sh"), e.getMessage());
    }
}
